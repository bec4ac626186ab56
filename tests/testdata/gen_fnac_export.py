#!/usr/bin/python3
"""Generates a realistic, deterministic FNAC "commandes-terminees-jj-mm-aaaa.xlsx" export.

The file looks like what a FNAC seller downloads (Ventes > Ventes terminées > export): one row
per order line, French headers, order-level columns repeated on every line of an order, dates as
real Excel dates, most amounts as numbers and some as text with a decimal comma and a euro sign.
With --errors K, K rows carry a deliberate error (bad quantity, missing label, ...).

The same arguments always produce the same bytes (seeded random data, fixed zip timestamps).
A one-line JSON summary goes to stderr (and to --summary PATH if given) so that tests can check
the importer against totals computed here, independently of the C++ code:
orders, lines, error rows, valid orders and the total incl. VAT of the valid orders (sum over
their lines of quantity * unit price + shipping), computed with the decimal module.

Usage:
  gen_fnac_export.py --orders 12 --seed 7 --date 2026-11-23 --out commandes.xlsx --errors 2
Needs python3-openpyxl (Debian package).
"""

import argparse
import datetime
import io
import json
import random
import re
import sys
import unicodedata
import zipfile
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
from openpyxl.utils import get_column_letter

HEADERS = [
    "N° de commande", "Date de commande", "N° de ligne", "SKU vendeur", "EAN", "Référence Fnac",
    "Libellé produit", "État", "Quantité", "Prix unitaire TTC", "Frais de port TTC",
    "Commission TTC", "Civilité", "Nom", "Prénom", "Société", "E-mail",
    "Adresse de facturation 1", "Adresse de facturation 2", "Code postal de facturation",
    "Ville de facturation", "Pays de facturation", "Adresse de livraison 1",
    "Adresse de livraison 2", "Code postal de livraison", "Ville de livraison",
    "Pays de livraison", "Statut", "Mode d'expédition", "Numéro de suivi",
]
COL = {name: index for index, name in enumerate(HEADERS)}

LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
    "François", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry",
    "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Fontaine", "Chevalier",
]
FIRST_NAMES = [
    ("M.", "Jean"), ("M.", "Pierre"), ("M.", "Nicolas"), ("M.", "Julien"), ("M.", "Jérôme"),
    ("M.", "François"), ("M.", "Raphaël"), ("M.", "Loïc"), ("M.", "Benoît"), ("M.", "Théo"),
    ("Mme", "Hélène"), ("Mme", "Chloé"), ("Mme", "Zoé"), ("Mme", "Léa"), ("Mme", "Camille"),
    ("Mme", "Élodie"), ("Mme", "Françoise"), ("Mme", "Amélie"), ("Mme", "Céline"),
    ("Mme", "Noémie"), ("Mme", "Gaëlle"), ("Mme", "Anaïs"),
]
COMPANIES = [
    "Librairie des Écoles SARL", "Médiathèque de Villeurbanne", "SAS Dupont & Fils",
    "Crèche Les Petits Loups", "Cabinet Lefèvre Avocats",
]
# (city, postal code, country as FNAC writes it)
CITIES = [
    ("Paris", "75011", "France"), ("Lyon", "69003", "France"), ("Marseille", "13006", "France"),
    ("Toulouse", "31000", "France"), ("Nice", "06000", "France"), ("Nantes", "44000", "France"),
    ("Strasbourg", "67000", "France"), ("Montpellier", "34000", "France"),
    ("Bordeaux", "33000", "France"), ("Lille", "59000", "France"), ("Rennes", "35000", "France"),
    ("Saint-Étienne", "42000", "France"), ("Grenoble", "38000", "France"),
    ("Dijon", "21000", "France"), ("Nîmes", "30000", "France"), ("Besançon", "25000", "France"),
    ("Orléans", "45000", "France"), ("Bourg-en-Bresse", "01000", "France"),
    ("Clermont-Ferrand", "63000", "France"), ("Aix-en-Provence", "13100", "France"),
    ("Bruxelles", "1000", "Belgique"), ("Liège", "4000", "Belgique"),
    ("Genève", "1201", "Suisse"), ("Luxembourg", "1611", "Luxembourg"),
]
STREETS = [
    "rue de la République", "rue Victor Hugo", "avenue Jean Jaurès", "boulevard Gambetta",
    "place de l'Église", "chemin des Écoliers", "allée des Tilleuls", "impasse du Moulin",
    "rue Pasteur", "avenue de la Gare", "rue du Général de Gaulle", "quai des Célestins",
]
LINE2 = ["Appartement 12", "Bâtiment B", "Résidence Les Érables", "3e étage, porte gauche"]
# (label, price incl. VAT, kind) — kind selects the EAN prefix and the possible conditions.
PRODUCTS = [
    ("L'Étranger - Albert Camus (Folio)", "7.90", "book"),
    ("Le Petit Prince - Antoine de Saint-Exupéry", "8.50", "book"),
    ("Les Misérables, tome 1 - Victor Hugo (Livre de Poche)", "9.70", "book"),
    ("Astérix - Le Tour de Gaule d'Astérix", "10.95", "book"),
    ("Harry Potter à l'école des sorciers - J.K. Rowling", "8.95", "book"),
    ("Sapiens : Une brève histoire de l'humanité", "12.00", "book"),
    ("Madame Bovary - Gustave Flaubert", "5.20", "book"),
    ("Intouchables (DVD)", "9.99", "video"),
    ("Le Fabuleux Destin d'Amélie Poulain (Blu-ray)", "14.99", "video"),
    ("Les Choristes (DVD)", "7.99", "video"),
    ("Astérix & Obélix : Mission Cléopâtre (DVD)", "8.99", "video"),
    ("The Legend of Zelda : Tears of the Kingdom (Nintendo Switch)", "59.99", "game"),
    ("Mario Kart 8 Deluxe (Nintendo Switch)", "49.99", "game"),
    ("Dixit - Jeu de société", "29.90", "game"),
    ("Les Aventuriers du Rail Europe", "44.90", "game"),
    ("Casque Bluetooth JBL Tune 520BT - Noir", "49.99", "tech"),
    ("Clé USB SanDisk Ultra 64 Go USB 3.0", "9.99", "tech"),
    ("Enceinte portable Sony SRS-XB100 - Bleu", "59.00", "tech"),
    ("Câble USB-C vers USB-C 2 m", "12.99", "tech"),
    ("Souris sans fil Logitech M185 - Gris", "19.99", "tech"),
    ("Carte microSDXC Samsung EVO Plus 128 Go", "17.49", "tech"),
]
USED_CONDITIONS = ["Comme neuf", "Très bon état", "Bon état"]
# (shipping mode, shipping incl. VAT per line)
SHIPPING = [("Colissimo", "4.99"), ("Mondial Relay", "3.49"), ("Lettre suivie", "2.99")]
ORDER_ID_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
ERROR_KINDS = ["quantity_text", "missing_label", "quantity_zero", "bad_price", "no_sku_ean"]
CENT = Decimal("0.01")


def ean13(rng, prefix):
    body = prefix + "".join(rng.choice("0123456789") for _ in range(12 - len(prefix)))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def ascii_slug(text):
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())


def french_amount(amount):
    return f"{amount:.2f}".replace(".", ",") + " €"


def catalog(rng):
    prefixes = {"book": "9782", "video": "3", "game": "0045496", "tech": "3"}
    items = []
    for index, (label, price, kind) in enumerate(PRODUCTS):
        items.append({
            "label": label, "price": Decimal(price), "kind": kind,
            "ean": ean13(rng, prefixes[kind]), "sku": f"SKU-{10001 + index * 37}",
            "fnac_ref": rng.randrange(1_000_000, 99_999_999),
        })
    return items


def address(rng):
    city, postal_code, country = rng.choice(CITIES)
    line2 = rng.choice(LINE2) if rng.random() < 0.3 else ""
    return [f"{rng.randrange(1, 180)} {rng.choice(STREETS)}", line2, postal_code, city, country]


def make_order(rng, products, export_date, used_ids):
    while True:
        order_id = "FNAC-" + "".join(rng.choice(ORDER_ID_CHARS) for _ in range(7))
        if order_id not in used_ids:
            used_ids.add(order_id)
            break
    days_back = rng.randrange(0, 7)
    when = datetime.datetime.combine(export_date - datetime.timedelta(days=days_back),
                                     datetime.time(rng.randrange(8, 23), rng.randrange(0, 60)))
    civility, first_name = rng.choice(FIRST_NAMES)
    last_name = rng.choice(LAST_NAMES)
    company = rng.choice(COMPANIES) if rng.random() < 0.12 else ""
    if company and rng.random() < 0.5:
        last_name = first_name = civility = ""  # a company buyer without a contact name
    email_name = ascii_slug(first_name + last_name) or ascii_slug(company)
    delivery = address(rng)
    roll = rng.random()
    billing = ["", "", "", "", ""] if roll < 0.15 else (address(rng) if roll < 0.3 else delivery)
    mode, shipping = rng.choice(SHIPPING)
    tracking = "6A" + "".join(rng.choice("0123456789") for _ in range(11))
    line_count = 1 if rng.random() < 0.7 else rng.choice([2, 3])
    order = {
        "id": order_id, "date": when, "civility": civility, "last_name": last_name,
        "first_name": first_name, "company": company,
        "email": f"{email_name}{rng.randrange(1, 99)}@example.fr", "billing": billing,
        "delivery": delivery, "status": "Terminée" if rng.random() < 0.9 else "Reçue",
        "mode": mode, "tracking": tracking, "lines": [],
    }
    for number, product in enumerate(rng.sample(products, line_count), start=1):
        used = product["kind"] == "book" and rng.random() < 0.3
        price = (product["price"] * Decimal("0.6")).quantize(CENT) if used else product["price"]
        quantity = 1 if rng.random() < 0.85 else rng.choice([2, 3])
        commission = (price * quantity * Decimal("0.15") + Decimal("0.90")).quantize(
            CENT, ROUND_HALF_UP)
        order["lines"].append({
            "number": number, "product": product, "quantity": quantity, "price": price,
            "shipping": Decimal(shipping), "commission": commission,
            "condition": rng.choice(USED_CONDITIONS) if used else "Neuf",
            "price_as_text": rng.random() < 0.2, "shipping_as_text": rng.random() < 0.1,
            "error": None,
        })
    return order


def line_row(order, line):
    p = line["product"]
    row = [None] * len(HEADERS)
    values = {
        "N° de commande": order["id"], "Date de commande": order["date"],
        "N° de ligne": line["number"], "SKU vendeur": p["sku"], "EAN": p["ean"],
        "Référence Fnac": p["fnac_ref"], "Libellé produit": p["label"],
        "État": line["condition"], "Quantité": line["quantity"],
        "Prix unitaire TTC": french_amount(line["price"]) if line["price_as_text"]
        else line["price"],
        "Frais de port TTC": french_amount(line["shipping"]).replace(" €", "")
        if line["shipping_as_text"] else line["shipping"],
        "Commission TTC": line["commission"], "Civilité": order["civility"],
        "Nom": order["last_name"], "Prénom": order["first_name"], "Société": order["company"],
        "E-mail": order["email"], "Statut": order["status"],
        "Mode d'expédition": order["mode"], "Numéro de suivi": order["tracking"],
    }
    for prefix, parts in (("facturation", order["billing"]), ("livraison", order["delivery"])):
        values[f"Adresse de {prefix} 1"], values[f"Adresse de {prefix} 2"] = parts[0], parts[1]
        values[f"Code postal de {prefix}"] = parts[2]
        values[f"Ville de {prefix}"], values[f"Pays de {prefix}"] = parts[3], parts[4]
    for name, value in values.items():
        row[COL[name]] = value if value != "" else None
    apply_error(row, line["error"])
    return row


def apply_error(row, kind):
    if kind == "quantity_text":
        row[COL["Quantité"]] = "deux"
    elif kind == "missing_label":
        row[COL["Libellé produit"]] = None
    elif kind == "quantity_zero":
        row[COL["Quantité"]] = 0
    elif kind == "bad_price":
        row[COL["Prix unitaire TTC"]] = "N/A"
    elif kind == "no_sku_ean":
        row[COL["SKU vendeur"]] = row[COL["EAN"]] = None


def write_workbook(orders, export_date):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Commandes"
    ws.append(HEADERS)
    for order in orders:
        for line in order["lines"]:
            ws.append(line_row(order, line))
    date_col = get_column_letter(COL["Date de commande"] + 1)
    for cell in ws[date_col][1:]:
        cell.number_format = "dd/mm/yyyy hh:mm"
    for name in ("Prix unitaire TTC", "Frais de port TTC", "Commission TTC"):
        for cell in ws[get_column_letter(COL[name] + 1)][1:]:
            if not isinstance(cell.value, str):
                cell.number_format = "#,##0.00"
    stamp = datetime.datetime.combine(export_date, datetime.time(6, 0))
    wb.properties.creator = "Fnac Marketplace"
    wb.properties.created = wb.properties.modified = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    return deterministic_zip(buffer.getvalue(), stamp)


INLINE_CELL = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is><t[^>]*>(.*?)</t></is></c>', re.S)
SST_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
SST_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def to_shared_strings(parts):
    """Moves openpyxl's inline strings into a shared-string table, as Excel and FNAC write it."""
    table, index, references = [], {}, [0]

    def shared(match):
        references[0] += 1
        text = match.group(3)
        if text not in index:
            index[text] = len(table)
            table.append(text)
        return f'<c {match.group(1)}t="s"{match.group(2)}><v>{index[text]}</v></c>'

    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = INLINE_CELL.sub(shared, parts[sheet].decode()).encode()
    items = "".join(f"<si><t>{text}</t></si>" for text in table)
    parts["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{references[0]}" uniqueCount="{len(table)}">{items}</sst>').encode()
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(b"</Relationships>", (
        f'<Relationship Type="{SST_TYPE}" Target="sharedStrings.xml" Id="rId99"/>'
        "</Relationships>").encode())
    types = "[Content_Types].xml"
    parts[types] = parts[types].replace(b"</Types>", (
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_CONTENT}"/>'
        "</Types>").encode())


def deterministic_zip(data, stamp):
    """Rewrites the archive with shared strings and fixed entry timestamps, so that the bytes
    depend only on the arguments."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    to_shared_strings(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            fixed = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, content)
    return out.getvalue()


def summarize(path, orders, error_rows):
    lines = sum(len(o["lines"]) for o in orders)
    valid = [o for o in orders if not any(line["error"] for line in o["lines"])]
    total = sum((line["quantity"] * line["price"] + line["shipping"]
                 for o in valid for line in o["lines"]), Decimal("0"))
    return {
        "file": path.rsplit("/", 1)[-1], "orders": len(orders), "lines": lines,
        "error_rows": len(error_rows), "valid_orders": len(valid),
        "valid_lines": sum(len(o["lines"]) for o in valid),
        "total_incl_vat_valid": str(total.quantize(CENT)),
        "first_order_id": orders[0]["id"] if orders else None, "errors": error_rows,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--orders", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--date", type=datetime.date.fromisoformat, required=True,
                        help="export date, aaaa-mm-jj")
    parser.add_argument("--out", required=True)
    parser.add_argument("--errors", type=int, default=0, help="rows with a deliberate error")
    parser.add_argument("--summary", help="also write the JSON summary to this file")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    products = catalog(rng)
    used_ids = set()
    orders = [make_order(rng, products, args.date, used_ids) for _ in range(args.orders)]
    all_lines = [(o, line) for o in orders for line in o["lines"]]
    if args.errors > len(all_lines):
        parser.error(f"--errors {args.errors} exceeds the {len(all_lines)} lines generated")
    error_rows = []
    for n, index in enumerate(sorted(rng.sample(range(len(all_lines)), args.errors))):
        order, line = all_lines[index]
        line["error"] = ERROR_KINDS[n % len(ERROR_KINDS)]
        error_rows.append({"row": index + 2, "kind": line["error"], "order_id": order["id"]})

    with open(args.out, "wb") as f:
        f.write(write_workbook(orders, args.date))
    summary = json.dumps(summarize(args.out, orders, error_rows), ensure_ascii=False)
    print(summary, file=sys.stderr)
    if args.summary:
        with open(args.summary, "w", encoding="utf-8") as f:
            f.write(summary + "\n")


if __name__ == "__main__":
    main()
