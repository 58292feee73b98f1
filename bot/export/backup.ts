/**
 * The backup file: a {@link BackupFile} (db/backup.ts reads and restores the database) as gzipped
 * JSON, and back. Node only (zlib). The CLI (`backup`, `restore`) reads and writes the file itself.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { BACKUP_FORMAT, BACKUP_VERSION, BackupError, type BackupFile } from "../../db/backup.ts";

export {
  BackupError,
  type BackupFile,
  createBackup,
  restoreBackup,
  restoreInbox,
} from "../../db/backup.ts";

/** The backup as a gzipped JSON file. */
export function serializeBackup(backup: BackupFile): Buffer {
  return gzipSync(Buffer.from(JSON.stringify(backup), "utf8"));
}

/** Reads a backup file (gzipped JSON, or plain JSON) and checks its format. */
export function parseBackup(bytes: Buffer): BackupFile {
  let text: string;
  try {
    text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString("utf8");
  } catch {
    throw new BackupError(
      "バックアップファイルを展開できません（壊れているか、gzip ではありません）。",
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new BackupError("バックアップファイルの JSON を読めません。");
  }
  const b = data as Partial<BackupFile> | null;
  if (!b || b.format !== BACKUP_FORMAT || typeof b.tables !== "object" || !b.tables)
    throw new BackupError("shinchoku のバックアップファイルではありません。");
  if (b.version !== BACKUP_VERSION)
    throw new BackupError(
      `このバックアップの形式（バージョン ${b.version}）には対応していません（対応: ${BACKUP_VERSION}）。`,
    );
  for (const [name, t] of Object.entries(b.tables)) {
    if (!Array.isArray(t?.columns) || !Array.isArray(t?.rows))
      throw new BackupError(`バックアップの表「${name}」の形式が正しくありません。`);
  }
  return b as BackupFile;
}
