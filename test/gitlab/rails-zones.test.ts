// The Rails zone names GitLab accepts in freeze periods (docs/gitlab.md, "What the gate does on
// GitLab") map to zones the engine can read, and only those names do.
import { describe, expect, it } from 'vitest';
import { isValidZone } from '../../src/core/time/zones.js';
import { ianaZoneOfRailsName, RAILS_ZONES } from '../../src/gitlab/rails-zones.js';

describe('Rails zone names', () => {
  it('each maps to a zone the engine reads', () => {
    expect(RAILS_ZONES.size).toBeGreaterThan(140);
    const unreadable = [...RAILS_ZONES.values()].filter((zone) => !isValidZone(zone));
    expect(unreadable).toEqual([]);
  });

  it('are looked up by their exact spelling, never through the prototype', () => {
    expect(ianaZoneOfRailsName('Eastern Time (US & Canada)')).toBe('America/New_York');
    expect(ianaZoneOfRailsName("Nuku'alofa")).toBe('Pacific/Tongatapu');
    for (const name of ['eastern time (us & canada)', 'constructor', '__proto__', 'toString']) {
      expect(ianaZoneOfRailsName(name)).toBeNull();
    }
  });
});
