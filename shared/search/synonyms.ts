/**
 * Synonyms: words that name the same thing in a question and in a plan (寄付 and 寄附, 残業 and
 * 時間外勤務, paperless and ペーパーレス).
 *
 * Each group is folded to one canonical word, in the plan's text when the index is built and in the
 * question when it is asked, so any word of a group finds text written with any other. Groups come
 * from three places, merged: {@link BUILTIN_SYNONYMS} (shipped), the plan's own `synonyms:` in
 * plan.yaml, and the office's additions (`npx shinchoku synonyms add`), both stored in the
 * `search_synonyms` table. Groups that share a word are joined into one.
 */
import { normalizeForSearch } from "./normalize.ts";

/**
 * Everyday and administrative variants of the words city plans use. The first word of each group is
 * only a label; every word in a group is equal.
 */
export const BUILTIN_SYNONYMS: readonly (readonly string[])[] = [
  ["寄附", "寄付"],
  ["時間外勤務", "残業", "超過勤務", "超勤"],
  ["年次有給休暇", "年休", "有給休暇", "有休", "有給"],
  ["マイナンバーカード", "マイナカード", "マイナンバー カード", "個人番号カード"],
  [
    "電子申請",
    "オンライン申請",
    "ネット申請",
    "インターネット申請",
    "web申請",
    "手続のオンライン化",
    "手続きのオンライン化",
  ],
  ["ペーパーレス", "paperless", "紙削減", "紙の削減", "脱紙"],
  ["ai", "人工知能", "エーアイ"],
  ["生成ai", "生成系ai", "chatgpt", "チャットgpt"],
  ["rpa", "ロボティック プロセス オートメーション", "業務自動化ロボット"],
  ["gis", "地理情報システム", "地図情報システム"],
  ["dx", "デジタルトランスフォーメーション", "デジタル変革"],
  ["ガバメントクラウド", "ガバクラ", "gov cloud", "政府クラウド"],
  ["書かない窓口", "書かなくて済む窓口", "書かなくてもよい窓口", "書かずに済む窓口"],
  ["コンビニ交付", "コンビニエンスストア交付", "コンビニでの証明書交付", "コンビニ証明書"],
  ["コンビニ納付", "コンビニ払い", "コンビニ支払い", "コンビニ収納"],
  ["キャッシュレス", "cashless", "電子マネー"],
  // 総務省: テレワーク = 在宅勤務, モバイルワーク and サテライトオフィス勤務.
  ["テレワーク", "在宅勤務", "リモートワーク", "在宅ワーク", "リモート勤務", "モバイルワーク"],
  ["web会議", "オンライン会議", "リモート会議", "ウェブ会議", "zoom会議", "teams会議"],
  ["電子決裁", "電子決済", "決裁の電子化"],
  ["自治体情報システムの標準化", "システム標準化", "基幹系システム標準化", "標準準拠システム"],
  ["ワンストップ", "one stop", "ワンストップ窓口"],
  ["オープンデータ", "open data"],
  ["チャットボット", "chatbot", "自動応答"],
  ["line", "ライン"],
  ["ict", "情報通信技術"],
  ["iot", "モノのインターネット"],
  ["faq", "よくある質問"],
  ["マイナポータル", "マイナ ポータル"],
  ["wi fi", "wifi", "ワイファイ", "無線lan"],
  ["タブレット", "タブレット端末", "ipad"],
  ["ふるさと納税", "故郷納税"],
  ["収納率", "徴収率", "納付率"],
  ["業務改善", "業務改革", "bpr"],
  ["人材育成", "職員育成", "人財育成"],
  ["子育て", "子ども子育て", "こそだて"],
];

/** The canonical form of each word of a set of groups, with a matcher for all of them. */
export interface Canonicalizer {
  /**
   * In a question (text in search form): every synonym replaced by its group's canonical word.
   */
  query(normalized: string): string;
  /**
   * In the plan's text (search form): every synonym kept and its canonical word added beside it, so
   * a question with part of the original word (徴収 in 徴収率) still finds it.
   */
  index(normalized: string): string;
  /** The groups in effect, each word in search form, first word canonical. */
  groups: string[][];
}

const ASCII_ONLY = /^[a-z0-9 ]+$/u;
/** The canonical form is a rare marker-free word; two groups never share one. */
function canonicalOf(group: string[]): string {
  return group[0] ?? "";
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
}

/**
 * Builds the folding for the built-in groups plus extra ones. Groups sharing a word are merged
 * (union–find), so an office adding 「残業, ノー残業デー」 extends the built-in 時間外勤務 group.
 *
 * @param extra plan and office groups, words as typed (any width or kana).
 */
export function buildCanonicalizer(extra: readonly (readonly string[])[] = []): Canonicalizer {
  const parent = new Map<string, string>();
  const find = (w: string): string => {
    let p = parent.get(w) ?? w;
    while (p !== (parent.get(p) ?? p)) p = parent.get(p) ?? p;
    parent.set(w, p);
    return p;
  };
  const order: string[] = [];
  for (const raw of [...BUILTIN_SYNONYMS, ...extra]) {
    const words = [...new Set(raw.map((w) => normalizeForSearch(w)).filter((w) => w.length > 0))];
    const [first, ...rest] = words;
    if (!first) continue;
    for (const w of words) {
      if (!parent.has(w)) {
        parent.set(w, w);
        order.push(w);
      }
    }
    for (const w of rest) {
      const a = find(first);
      const b = find(w);
      if (a !== b) parent.set(b, a);
    }
  }
  const byRoot = new Map<string, string[]>();
  for (const w of order) {
    const root = find(w);
    byRoot.set(root, [...(byRoot.get(root) ?? []), w]);
  }
  const groups = [...byRoot.values()].filter((g) => g.length > 1);
  const canonical = new Map<string, string>();
  for (const g of groups) for (const w of g) canonical.set(w, canonicalOf(g));
  // Longest first, so 書かなくて済む窓口 wins over 窓口-sized words; ASCII words only whole.
  const words = [...canonical.keys()].sort((a, b) => b.length - a.length);
  if (words.length === 0) return { query: (t) => t, index: (t) => t, groups };
  const pattern = new RegExp(
    words
      .map((w) =>
        ASCII_ONLY.test(w) ? `(?<![a-z0-9])${escapeRegExp(w)}(?![a-z0-9])` : escapeRegExp(w),
      )
      .join("|"),
    "gu",
  );
  return {
    query: (text) => text.replace(pattern, (m) => ` ${canonical.get(m) ?? m} `),
    index: (text) => text.replace(pattern, (m) => ` ${m} ${canonical.get(m) ?? m} `),
    groups,
  };
}
