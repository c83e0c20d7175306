// A comment, note or summary within the size its platform takes: the config's message clipped
// as little as needed, saying so; else the body itself cut at the limit, saying so.

export interface BodyLimit {
  /** The most characters (UTF-16 code units) the body may have. */
  readonly characters: number;
  /** What holds the body, for the lines that say it was clipped: "a GitHub comment". */
  readonly holder: string;
}

const count = (n: number) => n.toLocaleString('en-US');

/** `text` cut to at most `length` characters, never inside a surrogate pair. */
function clipText(text: string, length: number): string {
  if (text.length <= length) return text;
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}

/** The last resort: a body cut at the limit, ending with a line that says so. */
export function clipBody(body: string, limit: BodyLimit): string {
  if (body.length <= limit.characters) return body;
  const tail = `\n\n… (clipped: ${limit.holder} holds at most ${count(limit.characters)} characters)`;
  return `${clipText(body, limit.characters - tail.length)}${tail}`;
}

/**
 * The body within `limit`: when `render(message)` is too long, the config's message is clipped
 * as little as needed and ends saying so; if that is not enough, the body itself is cut.
 */
export function fitBody(
  message: string | null,
  render: (message: string | null) => string,
  limit: BodyLimit,
): string {
  const whole = render(message);
  if (whole.length <= limit.characters || !message) return clipBody(whole, limit);
  const clipped = (length: number) => {
    const kept = clipText(message, length);
    return `${kept} … (message clipped: the first ${count(kept.length)} of ${count(message.length)} characters are shown; ${limit.holder} holds at most ${count(limit.characters)})`;
  };
  // The longest start of the message that fits (the body grows with it).
  let low = 0;
  let high = message.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (render(clipped(middle)).length <= limit.characters) low = middle;
    else high = middle - 1;
  }
  return clipBody(render(clipped(low)), limit);
}
