"""Writes porter_reference.tsv: English words and their stems by NLTK's PorterStemmer in its default mode
(NLTK_EXTENSIONS), the stemmer rouge_score uses with use_stemmer=True. Run with Debian's python3-nltk:
    /usr/bin/python3 make_porter_reference.py
The words are every alphabetic token of NLTK's own installed sources and docs (a broad English sample) plus
the stemmer's special cases."""
import glob, re, hashlib
from nltk.stem import porter

words = set()
for path in glob.glob('/usr/lib/python3/dist-packages/nltk/**/*.py', recursive=True) + glob.glob('/usr/share/doc/*/copyright'):
    try:
        text = open(path, encoding='utf-8', errors='ignore').read().lower()
    except OSError:
        continue
    words.update(re.findall(r'[a-z]+', text))
special = ['sky', 'skies', 'dying', 'lying', 'tying', 'news', 'innings', 'outing', 'cannings', 'howe', 'proceed',
              'exceed', 'succeed', 'ties', 'dies', 'tied', 'cried', 'happy', 'enjoy', 'generalli', 'hopefulli',
              'analogi', 'security', 'reached', 'caresses', 'ponies', 'feed', 'agreed', 'hopping', 'filing', 'controlling']
# A stable sample: the 4000 words with the smallest hash, so the file stays small and reproducible.
chosen = set(sorted(words, key=lambda w: hashlib.sha256(w.encode()).hexdigest())[:4000]) | set(special)
stemmer = porter.PorterStemmer()
with open('porter_reference.tsv', 'w') as f:
    for w in sorted(chosen):
        f.write(f'{w}\t{stemmer.stem(w)}\n')
