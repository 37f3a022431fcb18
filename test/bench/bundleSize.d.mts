export declare const repoRoot: string;
export declare const srcEntry: string;
export declare function reexport(names: string, from?: string): string;
export declare function measureBundle(entryCode: string): Promise<{
  minified: number;
  gzip: number;
  code: string;
  sources: Record<string, number>;
}>;
export declare const BUDGETS: [names: string, bytes: number][];
