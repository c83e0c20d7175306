/** A span for wait logs: `2h 5m`, `4m 30s`, `45s`; days when longer: `3d 4h`. */
export function formatWait(ms: number): string {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts: string[] = [];
  if (days) parts.push(`${days}d`);
  if (hours) parts.push(`${hours}h`);
  if (minutes) parts.push(`${minutes}m`);
  // Seconds only matter for short spans.
  if (seconds && days === 0 && hours === 0) parts.push(`${seconds}s`);
  return parts.length === 0 ? '0s' : parts.slice(0, 2).join(' ');
}
