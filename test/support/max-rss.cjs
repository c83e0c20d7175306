// Preloaded (NODE_OPTIONS=--require) into a bundle under test: writes the process's peak
// resident memory, in KiB, to the file MAX_RSS_FILE names when it exits.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  writeFileSync(process.env.MAX_RSS_FILE, String(process.resourceUsage().maxRSS));
});
