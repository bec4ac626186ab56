#!/usr/bin/python3
"""An Amazon-like seller export as CSV, for the tenant import profile benchmark (issue 7).

One row per order line, 1 to 4 lines per order, English headers, month-first dates, decimal
point, quoted labels with commas. Read with the profile of tests/bench/profile_probe.cc.

  gen_profile_csv.py --lines 100000 --seed 1 --out amazon-100000.csv
"""
import argparse
import random


HEADER = ("amazon-order-id,purchase-date,sku,product-name,quantity-purchased,item-price,"
          "shipping-price,recipient-name,ship-address-1,ship-postal-code,ship-city\r\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    written = 0
    order = 0
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        while written < args.lines:
            order += 1
            lines = min(rng.randint(1, 4), args.lines - written)
            day = rng.randint(1, 28)
            for line in range(lines):
                price = f"{rng.randint(1, 300)}.{rng.randint(0, 99):02d}"
                shipping = "4.99" if line == 0 else ""
                out.write(f"404-{1000000 + order},11/{day}/2026 10:15,SKU-{rng.randint(0, 4999)},"
                          f"\"Article {order}, vol. {line}\",{rng.randint(1, 3)},{price},"
                          f"{shipping},Client {order},{rng.randint(1, 99)} rue de la Paix,"
                          f"{75001 + order % 20},Paris\r\n")
                written += 1


if __name__ == "__main__":
    main()
