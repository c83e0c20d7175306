// Types of scripts/yaml-without-generators.mjs, for its test.
export const REWRITTEN_YAML_FILES: readonly string[];
export function withoutGenerators(files: Record<string, string>): Record<string, string>;
export function yamlLibraryFiles(folder: string): Record<string, string>;
