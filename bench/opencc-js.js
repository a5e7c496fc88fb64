// bench/opencc-js.js FROM:TO - opencc-js, the peer of the benchmark:
// converts standard input to standard output (locales as opencc-js names
// them: cn:t is s2t, cn:twp is s2twp).
const OpenCC = require('opencc-js');
const fs = require('fs');
const [from, to] = (process.argv[2] || 'cn:t').split(':');
const convert = OpenCC.Converter({ from, to });
process.stdout.write(convert(fs.readFileSync(0, 'utf8')));
