// Preloaded (NODE_OPTIONS=--require) into a bundle under test: writes each Intl object the
// process creates to the file INTL_LOG names, one constructor name a line.
const { appendFileSync } = require('node:fs');

const log = process.env.INTL_LOG;
for (const name of ['DateTimeFormat', 'NumberFormat', 'PluralRules', 'Collator', 'DisplayNames']) {
  const Original = Intl[name];
  const Logged = function (...args) {
    appendFileSync(log, `${name}\n`);
    return new Original(...args);
  };
  Logged.prototype = Original.prototype;
  Logged.supportedLocalesOf = Original.supportedLocalesOf;
  Intl[name] = Logged;
}
