// The analyzer's programmatic entry (test/node/manifest.test.ts runs it without writing); the package has no types.
declare module '@custom-elements-manifest/analyzer/cli.js' {
  /** Runs `cem <argv>` in `cwd`; with `noWrite`, returns the manifest instead of writing custom-elements.json. */
  export function cli(options: { argv: string[]; cwd: string; noWrite?: boolean }): Promise<unknown>;
}
