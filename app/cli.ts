export async function main(argv: readonly string[]): Promise<number> {
  process.stdout.write(`twin: not yet wired (${argv.join(" ")})\n`);
  return 0;
}
