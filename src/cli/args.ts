// Command-line parsing on node:util parseArgs, with one-line errors and "did you mean" for flags.
import { parseArgs } from 'node:util';
import { closestMatches } from '../core/config/did-you-mean.js';
import { MAX_DURATION_TEXT, parseDuration } from '../core/duration.js';
import { errorMessage } from '../core/errors.js';
import { trimAsciiSpace } from '../core/exempt.js';
import { parseInstant } from '../core/time/instant.js';
import type { Minutes } from '../core/types.js';
import { HelpRequested, UsageError } from './usage-error.js';

export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** The flag may be given more than once (its value is then a list). */
  multiple?: boolean;
}
export type FlagSpecs = Record<string, FlagSpec>;
export type ParsedFlags = Record<string, string | boolean | string[] | undefined>;

const COMMON_FLAGS: FlagSpecs = { help: { type: 'boolean', short: 'h' } };

function unknownOptionName(message: string): string | null {
  const match = /^Unknown option '([^']+)'/.exec(message);
  return match?.[1] ?? null;
}

function suggestFlag(given: string, specs: FlagSpecs): string {
  const bare = given.replace(/^-+/, '').split('=')[0] ?? '';
  const [best] = closestMatches(bare, Object.keys(specs), 1);
  return best ? `; did you mean --${best}?` : '';
}

/**
 * Parses one command's flags. Throws UsageError for unknown flags, missing values, positionals,
 * and HelpRequested when --help is among the flags (not when it is a flag's value: strict
 * parsing refuses `--reason --help` as ambiguous).
 */
export function parseFlags(command: string, argv: string[], specs: FlagSpecs): ParsedFlags {
  const all = { ...COMMON_FLAGS, ...specs };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: all, strict: true, allowPositionals: false });
  } catch (error) {
    const message = errorMessage(error);
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const name = unknownOptionName(message) ?? 'option';
      throw new UsageError(`unknown option '${name}'${suggestFlag(name, all)}`, command);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const value = /'([^']*)'/.exec(message)?.[1] ?? '';
      throw new UsageError(`unexpected argument '${value}'`, command);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      // parseArgs' own wording names the option and what it expects; keep it on one line.
      throw new UsageError(message.split('\n')[0]?.replace(/\.$/, '') ?? message, command);
    }
    throw error;
  }
  if (parsed.values.help === true) throw new HelpRequested(command);
  return parsed.values as ParsedFlags;
}

function stringFlag(flags: ParsedFlags, name: string): string | null {
  const value = flags[name];
  return typeof value === 'string' ? value : null;
}

/**
 * A name-like value (environment, actor, config path), trimmed of ASCII white space only (an
 * actor `alice` + U+00A0 is someone else, not alice); blank means not given, as CI templates
 * pass `--environment "$ENVIRONMENT"` with an empty variable.
 */
export function textFlag(flags: ParsedFlags, name: string): string | null {
  const value = trimAsciiSpace(stringFlag(flags, name) ?? '');
  return value === '' ? null : value;
}

/** Every value of a repeatable flag, trimmed, blanks dropped. */
function listFlag(flags: ParsedFlags, name: string): string[] {
  const value = flags[name];
  const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return values.map(trimAsciiSpace).filter((item) => item !== '');
}

/**
 * One command's flags, read by name. An invalid value is a UsageError naming the command (the
 * message points at its --help), worded `invalid --NAME 'VALUE': expected …`.
 */
export class CommandFlags {
  private readonly values: ParsedFlags;

  constructor(
    readonly command: string,
    argv: string[],
    specs: FlagSpecs,
  ) {
    this.values = parseFlags(command, argv, specs);
  }

  /** A boolean flag: given or not. */
  on(name: string): boolean {
    return this.values[name] === true;
  }

  string(name: string): string | null {
    return stringFlag(this.values, name);
  }

  text(name: string): string | null {
    return textFlag(this.values, name);
  }

  list(name: string): string[] {
    return listFlag(this.values, name);
  }

  /**
   * The value as `parse` reads it, `fallback` when the flag is not given; when `parse` refuses
   * it (null), the error says it expected `expected(value)`.
   */
  parsed<T>(
    name: string,
    fallback: T,
    parse: (value: string) => T | null,
    expected: (value: string) => string,
  ): T {
    const value = this.string(name);
    if (value === null) return fallback;
    const parsed = parse(value);
    if (parsed !== null) return parsed;
    throw new UsageError(`invalid --${name} '${value}': expected ${expected(value)}`, this.command);
  }

  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    return this.parsed(
      name,
      fallback,
      (value) => ((choices as readonly string[]).includes(value) ? (value as T) : null),
      (value) => {
        const [near] = closestMatches(value, choices, 1);
        return `${choices.join(', ')}${near ? `; did you mean ${near}?` : ''}`;
      },
    );
  }

  duration(name: string, fallback: Minutes): Minutes {
    return this.parsed(
      name,
      fallback,
      parseDuration,
      () => `a positive duration such as 90, 45m, 1h30m or 2d, at most ${MAX_DURATION_TEXT}`,
    );
  }

  positiveInteger(name: string, fallback: number, max: number): number {
    return this.parsed(
      name,
      fallback,
      (value) =>
        /^\d+$/.test(value.trim()) && Number(value) >= 1 && Number(value) <= max
          ? Number(value)
          : null,
      () => `a whole number from 1 to ${max}`,
    );
  }

  instant(name: string): number | null {
    const value = this.string(name);
    if (value === null) return null;
    const parsed = parseInstant(value);
    if (!parsed.ok) throw new UsageError(`invalid --${name}: ${parsed.message}`, this.command);
    return parsed.epochMs;
  }
}
