// Types of scripts/yaml-without-generators.mjs, for its test.
export function withoutGenerators(files: Record<string, string>): Record<string, string>;
export function yamlLibraryFiles(folder: string): Record<string, string>;
