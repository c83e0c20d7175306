// Kept equal to package.json's version by test/cli/version.test.ts (the bundle cannot read it).
export const VERSION = '1.2.19';
