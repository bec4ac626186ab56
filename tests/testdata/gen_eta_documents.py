#!/usr/bin/python3
"""Generates an ETA documents CSV (ImportDocuments*.csv, domain.md section 7) for tests and bench.

One line per document line; documents of 1 to 4 lines; separator ';', decimal comma, UTF-8; some
labels quoted with the separator, doubled quotes or a line break inside. Article codes ART00000..
are the mapped ones; --unmapped codes SANS00000.. have no correspondence (spread over documents).

  gen_eta_documents.py --lines 100000 --unmapped 5000 --seed 1 --out ImportDocuments1.csv
"""
import argparse
import random

HEADER = ["Document", "Date", "Client", "Article", "Libellé", "Quantité",
          "Prix unitaire TTC", "Taux TVA", "Mode de paiement"]
PAYMENTS = ["Chèques", "Espèces", "Virement", "Carte bancaire"]
RATES = ["20", "10", "5,5", "2,1"]


def quote(field: str) -> str:
    if any(c in field for c in ';"\n\r'):
        return '"' + field.replace('"', '""') + '"'
    return field


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100000)
    parser.add_argument("--unmapped", type=int, default=5000)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    unmapped_at = set(rng.sample(range(args.lines), min(args.unmapped, args.lines)))
    out = [";".join(HEADER)]
    doc = 0
    left = 0
    unmapped = 0
    for i in range(args.lines):
        if left == 0:
            doc += 1
            left = rng.randint(1, 4)
            doc_id = f"F{259000 + doc}_D{260000 + doc}"
            date = f"{rng.randint(1, 28):02d}/11/2026"
            customer = f"C{rng.randint(1, 500):05d}"
            payment = PAYMENTS[doc % len(PAYMENTS)]
        left -= 1
        if i in unmapped_at:
            article = f"SANS{unmapped:05d}"
            unmapped += 1
        else:
            article = f"ART{rng.randrange(args.articles):05d}"
        label = f"Prestation {article}"
        if i % 50 == 0:
            label = f'Pièce "spéciale"; lot {i}'
        elif i % 97 == 0:
            label = f"Forfait\nligne 2 ({i})"
        qty = str(rng.randint(1, 20))
        price = f"{rng.randint(1, 99999) / 100:.2f}".replace(".", ",")
        out.append(";".join(quote(f) for f in (doc_id, date, customer, article, label, qty, price,
                                                RATES[i % len(RATES)], payment)))
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.write("\r\n".join(out) + "\r\n")


if __name__ == "__main__":
    main()
