// iCalendar text -> a tree of components whose properties remember their line (RFC 5545
// section 3.1: content lines, folding, parameters). ical.js parses without positions, and a
// broken freeze calendar must be reported by line.
import { DeployWindowError } from '../../errors.js';

export interface IcsProperty {
  /** Upper case, e.g. `DTSTART`. */
  name: string;
  /** Parameter names upper case; values unquoted, split at commas. */
  params: Record<string, string[]>;
  value: string;
  /** 1-based line in the file where the (folded) content line starts. */
  line: number;
}

export interface IcsComponent {
  name: string;
  line: number;
  properties: IcsProperty[];
  components: IcsComponent[];
}

/**
 * The component and property names of RFC 5545 and RFC 7986. A message names what it found
 * only when it is one of these: the path may lead to a file that is no calendar, and an error
 * never quotes another file's text (docs/security.md, "6. Files and sizes").
 */
const ICALENDAR_NAMES: ReadonlySet<string> = new Set(
  (
    'VCALENDAR VEVENT VTODO VJOURNAL VFREEBUSY VTIMEZONE STANDARD DAYLIGHT VALARM ' +
    'VAVAILABILITY AVAILABLE BEGIN END CALSCALE METHOD PRODID VERSION ATTACH CATEGORIES CLASS ' +
    'COMMENT DESCRIPTION GEO LOCATION PERCENT-COMPLETE PRIORITY RESOURCES STATUS SUMMARY ' +
    'COMPLETED DTEND DUE DTSTART DURATION FREEBUSY TRANSP TZID TZNAME TZOFFSETFROM TZOFFSETTO ' +
    'TZURL ATTENDEE CONTACT ORGANIZER RECURRENCE-ID RELATED-TO URL UID EXDATE RDATE RRULE ' +
    'ACTION REPEAT TRIGGER CREATED DTSTAMP LAST-MODIFIED SEQUENCE REQUEST-STATUS NAME ' +
    'REFRESH-INTERVAL SOURCE COLOR IMAGE CONFERENCE'
  ).split(' '),
);

/** A property's name for a message: itself when it is iCalendar's own, else "a property". */
function propertyName(name: string): string {
  return ICALENDAR_NAMES.has(name) ? name : 'a property';
}

/** `BEGIN:VEVENT` for iCalendar's own components, `BEGIN` alone for any other. */
function tag(keyword: 'BEGIN' | 'END', name: string): string {
  return ICALENDAR_NAMES.has(name) ? `${keyword}:${name}` : keyword;
}

export class IcsSyntaxError extends DeployWindowError {
  override name = 'IcsSyntaxError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

interface ContentLine {
  text: string;
  line: number;
}

/** Continuation pieces are joined this many at a time, so that no list of them grows long. */
const FOLD_BATCH = 4096;

/**
 * The content lines, folded lines joined (a line starting with a space or tab continues the
 * previous one), one at a time. Linear in time and memory however the file is folded or how
 * many lines it has: one scan, no list of every line, and a folded line's pieces joined in
 * batches rather than added one at a time (a 10 MiB file folded after every character would
 * otherwise hold millions of small strings).
 */
function* unfold(text: string): Generator<ContentLine> {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  /** The last line begun, not yet given out: more of it may follow. */
  let current: ContentLine | null = null;
  /** Its continuation: joined batches, then pieces. */
  let joined: string[] = [];
  let pieces: string[] = [];
  const finished = (line: ContentLine): ContentLine => {
    if (pieces.length === 0 && joined.length === 0) return line;
    joined.push(pieces.join(''));
    const whole = { text: joined.join(''), line: line.line };
    joined = [];
    pieces = [];
    return whole;
  };
  const lineBreak = /\r\n|\n|\r/g;
  let start = 0;
  let line = 0;
  while (start <= source.length) {
    lineBreak.lastIndex = start;
    const found = lineBreak.exec(source);
    const end = found ? found.index : source.length;
    line++;
    const first = source[start];
    if (first === ' ' || first === '\t') {
      if (!current) {
        throw new IcsSyntaxError(
          line,
          'a continuation line (starting with a space) with nothing to continue',
        );
      }
      if (pieces.length === 0 && joined.length === 0) pieces.push(current.text);
      pieces.push(source.slice(start + 1, end));
      if (pieces.length >= FOLD_BATCH) {
        joined.push(pieces.join(''));
        pieces = [];
      }
    } else {
      const raw = source.slice(start, end);
      if (raw.trim() !== '') {
        if (current) yield finished(current);
        current = { text: raw, line };
      }
    }
    start = found ? end + found[0].length : source.length + 1;
  }
  if (current) yield finished(current);
}

const NAME = /^[A-Za-z0-9-]+/;

function parseParamValues(
  text: string,
  at: number,
  line: number,
): { values: string[]; end: number } {
  const values: string[] = [];
  let index = at;
  for (;;) {
    if (text[index] === '"') {
      const close = text.indexOf('"', index + 1);
      if (close < 0)
        throw new IcsSyntaxError(line, 'a parameter value opens a quote (") that never closes');
      values.push(text.slice(index + 1, close));
      index = close + 1;
    } else {
      let end = index;
      while (end < text.length && !';:,'.includes(text[end] ?? '')) end++;
      values.push(text.slice(index, end));
      index = end;
    }
    if (text[index] !== ',') return { values, end: index };
    index++;
  }
}

/** `NAME;PARAM=a,"b":value` -> its parts. */
export function parseContentLine(text: string, line: number): IcsProperty {
  const nameMatch = NAME.exec(text);
  if (!nameMatch) {
    throw new IcsSyntaxError(line, 'expected NAME:value or NAME;PARAM=...:value');
  }
  const name = nameMatch[0].toUpperCase();
  const params: Record<string, string[]> = {};
  let index = nameMatch[0].length;
  while (text[index] === ';') {
    const paramName = NAME.exec(text.slice(index + 1));
    if (!paramName || text[index + 1 + paramName[0].length] !== '=') {
      throw new IcsSyntaxError(
        line,
        `${propertyName(name)}: expected a parameter such as TZID=Europe/Berlin after ";"`,
      );
    }
    const parsed = parseParamValues(text, index + 2 + paramName[0].length, line);
    params[paramName[0].toUpperCase()] = parsed.values;
    index = parsed.end;
  }
  if (text[index] !== ':') {
    throw new IcsSyntaxError(line, `${propertyName(name)}: expected ":" before the value`);
  }
  return { name, params, value: text.slice(index + 1), line };
}

/** Every top-level component of the file (normally one VCALENDAR). */
/**
 * What a reader of the document keeps: components by name (every ancestor must be kept too)
 * and properties by name. The rest is still read and checked, but not held: a 10 MiB file of
 * alarms or X- properties costs what the reader uses.
 */
export interface KeptParts {
  components: ReadonlySet<string>;
  properties: ReadonlySet<string>;
}

export function parseDocument(text: string, kept?: KeptParts): IcsComponent[] {
  const roots: IcsComponent[] = [];
  const stack: IcsComponent[] = [];
  /** Per open component: is it kept (attached to its parent, its properties held)? */
  const keptStack: boolean[] = [];
  for (const { text: content, line } of unfold(text)) {
    const property = parseContentLine(content, line);
    const open = stack[stack.length - 1];
    const openKept = keptStack[keptStack.length - 1] ?? true;
    if (property.name === 'BEGIN') {
      const component: IcsComponent = {
        name: property.value.trim().toUpperCase(),
        line,
        properties: [],
        components: [],
      };
      if (!open && component.name !== 'VCALENDAR') {
        throw new IcsSyntaxError(
          line,
          `expected BEGIN:VCALENDAR, found ${tag('BEGIN', component.name)}`,
        );
      }
      const keep = openKept && (!kept || kept.components.has(component.name));
      if (keep) (open ? open.components : roots).push(component);
      stack.push(component);
      keptStack.push(keep);
    } else if (property.name === 'END') {
      const name = property.value.trim().toUpperCase();
      if (!open) {
        throw new IcsSyntaxError(line, `${tag('END', name)} without a matching BEGIN`);
      }
      if (open.name !== name) {
        throw new IcsSyntaxError(
          line,
          `${tag('END', name)} does not close ${tag('BEGIN', open.name)} (line ${open.line})`,
        );
      }
      stack.pop();
      keptStack.pop();
    } else {
      if (!open) {
        throw new IcsSyntaxError(
          line,
          `expected BEGIN:VCALENDAR, found ${propertyName(property.name)}`,
        );
      }
      if (openKept && (!kept || kept.properties.has(property.name))) {
        open.properties.push(property);
      }
    }
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed) {
    throw new IcsSyntaxError(
      unclosed.line,
      `${tag('BEGIN', unclosed.name)} is never closed (no ${tag('END', unclosed.name)})`,
    );
  }
  if (roots.length === 0) {
    throw new IcsSyntaxError(1, 'not an iCalendar file: expected BEGIN:VCALENDAR');
  }
  return roots;
}

export function propertiesNamed(component: IcsComponent, name: string): IcsProperty[] {
  return component.properties.filter((property) => property.name === name);
}

export function firstProperty(component: IcsComponent, name: string): IcsProperty | undefined {
  return component.properties.find((property) => property.name === name);
}

export function param(property: IcsProperty, name: string): string | undefined {
  return property.params[name]?.[0];
}
