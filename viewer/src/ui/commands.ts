import type { CommandReply, ViewerCommand } from "../../../protocol/index";
import { connection } from "../net/connection";
import { store } from "../net/store";

/** Sends a command and shows the twin's answer (refusals with their reason). */
export async function send(cmd: ViewerCommand, okText?: string): Promise<CommandReply> {
  const r = await connection().command(cmd);
  if (!r.ok) store.set({ notice: { text: `${r.code}: ${r.reason}`, ok: false, at: performance.now() } });
  else if (okText !== undefined) store.set({ notice: { text: okText, ok: true, at: performance.now() } });
  return r;
}
