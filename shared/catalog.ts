/**
 * A catalog of common municipal indicators (issue 13 §2): indicators many cities' DX and 行革 plans
 * measure, each with one definition, so that the same figure can be compared across cities and read
 * beside a national open-data series where one exists. An indicator of a plan points at an entry
 * with the import format's optional 共通指標 column (docs/import-format.md); the catalog is read
 * by the import (the unit must agree), and by the forecast (shared/forecast.ts: the entry's
 * `measure` says what the figure is, instead of guessing from its name). Pure data, no I/O.
 *
 * Sources are named only where a national body publishes the figure (or its parts) for every
 * municipality; `url` only where the page was checked. docs/catalog.md explains the entries.
 */
import type { Direction } from "./plan-bundle.ts";

/** What the figure measures: the same three kinds as shared/forecast.ts `Measure`. */
export type CatalogMeasure = "cumulative" | "rate" | "level";

export interface CatalogSource {
  /** 総務省, デジタル庁, J-LIS … */
  publisher: string;
  title: string;
  /** A checked page; null when only the title is known. */
  url: string | null;
  /** What it covers and how it differs from the catalog's definition. */
  note: string;
}

export interface CatalogEntry {
  /** Stable id, written in the import format's 共通指標 column: `mynumber-card-rate`. */
  id: string;
  /** The usual Japanese name; also accepted in the 共通指標 column. */
  name: string;
  /** What is counted, over what, and when. */
  definition: string;
  unit: string;
  /** The usual direction; a plan may set its own (Tamana's 職員数 is 到達). */
  direction: Direction;
  /** How a monthly reading of it is read (shared/forecast.ts). */
  measure: CatalogMeasure;
  /** A national series, or null when none publishes it per municipality. */
  source: CatalogSource | null;
  /**
   * Whether cities of different sizes are compared per resident (a count that grows with the
   * city). The comparison (shared/compare.ts, docs/compare.md) needs population figures for it.
   */
  perCapita?: boolean;
}

export const CATALOG: readonly CatalogEntry[] = [
  {
    id: "mynumber-card-rate",
    name: "マイナンバーカード保有率",
    definition:
      "住民基本台帳人口に対する、マイナンバーカードの保有枚数の割合（時点の値。年度の実績は年度末時点）。",
    unit: "%",
    direction: "higher",
    measure: "rate",
    source: {
      publisher: "総務省",
      title: "マイナンバーカードの交付・保有状況（市区町村別、毎月）",
      url: null,
      note: "2023年度までは交付枚数による「交付率」で公表されていた。交付率と保有率は比べられない（玉名市の令和4年度は取得率）。",
    },
  },
  {
    id: "online-procedures",
    name: "オンライン化した手続数",
    definition:
      "住民・事業者がオンラインで申請・届出できるようになった行政手続の数（計画開始からの累計。時点の値）。",
    unit: "手続",
    direction: "higher",
    measure: "level",
    source: {
      publisher: "総務省（デジタル庁「自治体DXの取組に関するダッシュボード」で公開）",
      title: "地方公共団体における行政情報化の推進状況調査",
      url: "https://digital.go.jp/resources/govdashboard/local-government-dx/description",
      note: "国が指定した「特に国民の利便性向上に資する手続」ごとのオンライン化の有無で、市が数える手続の総数ではない。",
    },
  },
  {
    id: "e-application-rate",
    name: "電子申請率",
    definition:
      "オンライン申請できる手続の申請件数のうち、オンラインで受け付けた件数の割合（年度の件数で計算）。",
    unit: "%",
    direction: "higher",
    measure: "rate",
    source: null,
  },
  {
    id: "paperless-meeting-rate",
    name: "ペーパーレス化率（庁内会議）",
    definition:
      "ペーパーレス化が可能な庁内会議のうち、紙の資料を配らずに開催した会議の割合（年度の開催回数で計算）。",
    unit: "%",
    direction: "higher",
    measure: "rate",
    source: null,
  },
  {
    id: "convenience-store-issuance-rate",
    name: "コンビニ交付率",
    definition:
      "住民票の写し・印鑑登録証明書・税証明などの証明書の交付通数のうち、コンビニ等のキオスク端末で交付した通数の割合（年度の通数で計算）。",
    unit: "%",
    direction: "higher",
    measure: "rate",
    source: {
      publisher: "地方公共団体情報システム機構（J-LIS）",
      title: "コンビニエンスストア等における証明書等の自動交付（参加団体・全国の交付通数）",
      url: "https://www.lg-waps.go.jp/",
      note: "参加団体と全国の交付通数は公表されるが、団体ごとの割合（窓口交付を含む分母）は各市の数字による。",
    },
  },
  {
    id: "overtime-hours",
    name: "時間外勤務時間（職員1人当たり）",
    definition: "管理職を除く常勤職員1人当たりの、年度の時間外勤務時間の合計（月々の累計）。",
    unit: "時間",
    direction: "lower",
    measure: "cumulative",
    source: {
      publisher: "総務省",
      title: "地方公務員の時間外勤務に関する実態調査",
      url: "https://www.soumu.go.jp/menu_news/s-news/01gyosei11_02000077.html",
      note: "対象は都道府県・指定都市・県庁所在市（東京都は新宿区）の知事部局・市区長部局。それ以外の市町村の値はない。",
    },
  },
  {
    id: "overtime-45h-person-months",
    name: "時間外勤務 月45時間以上の職員数（延べ）",
    definition: "1か月の時間外勤務が45時間以上となった職員の延べ人数（職員×月、年度の累計）。",
    unit: "人",
    direction: "lower",
    measure: "cumulative",
    source: null,
  },
  {
    id: "annual-leave-days",
    name: "年次有給休暇取得日数（平均）",
    definition:
      "常勤職員1人当たりの年次有給休暇の平均取得日数（年度の累計。月々の値はその月までの平均）。",
    unit: "日",
    direction: "higher",
    measure: "cumulative",
    source: {
      publisher: "総務省",
      title: "地方公共団体の勤務条件等に関する調査（年次有給休暇の使用状況）",
      url: null,
      note: "国の調査は暦年（1月〜12月）の平均使用日数で、年度とは3か月ずれる。",
    },
  },
  {
    id: "rpa-ai-operations",
    name: "RPA・AI導入業務数",
    definition:
      "RPA または AI（生成AIを含む）を本番で使っている業務の数（時点の値、実証だけのものは除く）。",
    unit: "業務",
    direction: "higher",
    measure: "level",
    source: {
      publisher: "総務省",
      title: "地方自治体におけるAI・RPAの実証実験・導入状況等調査",
      url: null,
      note: "団体ごとの導入の有無と分野で、業務の数ではない。",
    },
  },
  {
    id: "staff-count",
    name: "職員数",
    definition: "4月1日現在の一般職に属する常勤の職員数（時点の値）。",
    unit: "人",
    direction: "reach",
    measure: "level",
    perCapita: true,
    source: {
      publisher: "総務省",
      title: "地方公共団体定員管理調査（地方公務員数の状況）",
      url: "https://www.soumu.go.jp/iken/kazu.html",
      note: "毎年4月1日現在、団体別・部門別。調査の対象は一般職に属する常勤の職員。",
    },
  },
];

const byKey = new Map<string, CatalogEntry>(
  CATALOG.flatMap((e) => [
    [e.id, e],
    [e.name.normalize("NFKC"), e],
  ]),
);

/**
 * The catalog entry an import cell names: its id (`mynumber-card-rate`) or its Japanese name
 * (`マイナンバーカード保有率`), NFKC-normalised and trimmed; null when the catalog has no such entry.
 */
export function findCatalogEntry(text: string): CatalogEntry | null {
  const key = text.normalize("NFKC").trim();
  return byKey.get(key) ?? byKey.get(key.toLowerCase()) ?? null;
}
