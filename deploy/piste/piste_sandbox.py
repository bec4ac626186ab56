#!/usr/bin/python3
"""A local stand-in for PISTE (OAuth2) and the Chorus Pro API, as its own process.

The local stack and the tests talk to it exactly as to the PISTE sandbox: the same endpoints,
JSON payloads and error shapes (domain.md §6):

  POST /api/oauth/token                      client_credentials -> access_token (expires_in)
  POST /cpro/factures/v1/deposer/flux        a base64 ZIP lot -> numeroFluxDepot
  POST /cpro/transverses/v1/consulterCR      the deposit report: IN_EN_ATTENTE_TRAIT, then
                                             IN_INTEGRE or IN_REJETE (with its errors)
  POST /cpro/factures/v1/rechercher/fournisseur  invoice statuses, one step further per query:
                                             DEPOSEE -> MISE_A_DISPOSITION -> ... -> MISE_EN_PAIEMENT

It checks what Chorus Pro checks: the bearer token, the cpro-account header, the syntaxeFlux,
the file name (at most 50 characters), that the flux is a ZIP of at most 120 MB whose files are
at most 10 MB and named at most 50 characters, and that the same invoice is not deposited twice
(a second deposit of an integrated invoice is rejected).

Failure injection, for the tests (POST /_control, JSON):
  {"fail_next": N, "fail_status": 503}   the next N API calls answer fail_status
  {"reject": ["FA2026-000007"]}          these invoice numbers are rejected (flux IN_REJETE,
                                         invoice REJETEE with a reason naming the field)
  {"recycle": ["FA2026-000008"]}         these invoices become A_RECYCLER
  {"accept": ["FA2026-000007"]}          no longer rejected nor recycled (the fix was made)
  {"reset": true}                        forget every flux and injection
GET /_state returns the deposits seen (for the tests to read back what was received).

Usage: piste_sandbox.py PORT CLIENT_ID CLIENT_SECRET CPRO_LOGIN CPRO_PASSWORD
"""

import base64
import io
import json
import secrets
import sys
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

SYNTAXES = {"IN_DP_E1_UBL_INVOICE", "IN_DP_E1_CII_16B", "IN_DP_E2_CII_FACTURX"}
INVOICE_STEPS = ["DEPOSEE", "MISE_A_DISPOSITION", "SERVICE_FAIT", "MANDATEE", "MISE_EN_PAIEMENT"]
MAX_FLUX_BYTES = 120 * 1000 * 1000
MAX_FILE_BYTES = 10 * 1000 * 1000


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.tokens = {}          # token -> expiry (epoch seconds)
        self.fluxes = {}          # numeroFluxDepot -> dict
        self.invoices = {}        # invoice number -> dict(status step index, flux, reason)
        self.fail_next = 0
        self.fail_status = 503
        self.reject = set()
        self.recycle = set()
        self.counter = 0


STATE = State()
CLIENT_ID, CLIENT_SECRET, CPRO_LOGIN, CPRO_PASSWORD = sys.argv[2:6]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("piste-sandbox: " + (fmt % args) + "\n")

    def reply(self, status, body):
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length)

    def do_GET(self):
        if self.path == "/_state":
            with STATE.lock:
                return self.reply(200, {"fluxes": list(STATE.fluxes.values()),
                                        "invoices": STATE.invoices})
        self.reply(404, {"error": "not found"})

    def do_POST(self):
        raw = self.body()
        if self.path == "/_control":
            return self.control(json.loads(raw or b"{}"))
        if self.path == "/api/oauth/token":
            return self.token(raw)
        with STATE.lock:
            if STATE.fail_next > 0:
                STATE.fail_next -= 1
                return self.reply(STATE.fail_status, {"codeRetour": 500,
                                                      "libelle": "service momentanément indisponible"})
        if not self.authorized():
            return
        try:
            payload = json.loads(raw or b"{}")
        except ValueError:
            return self.reply(400, {"codeRetour": 400, "libelle": "JSON invalide"})
        if self.path == "/cpro/factures/v1/deposer/flux":
            return self.deposit(payload)
        if self.path == "/cpro/transverses/v1/consulterCR":
            return self.report(payload)
        if self.path == "/cpro/factures/v1/rechercher/fournisseur":
            return self.search(payload)
        self.reply(404, {"codeRetour": 404, "libelle": "ressource inconnue"})

    def control(self, payload):
        with STATE.lock:
            if payload.get("reset"):
                STATE.reset()
            STATE.fail_next = int(payload.get("fail_next", STATE.fail_next))
            STATE.fail_status = int(payload.get("fail_status", STATE.fail_status))
            STATE.reject |= set(payload.get("reject", []))
            STATE.recycle |= set(payload.get("recycle", []))
            STATE.reject -= set(payload.get("accept", []))
            STATE.recycle -= set(payload.get("accept", []))
        self.reply(200, {"ok": True})

    def token(self, raw):
        form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
        if form.get("grant_type") != "client_credentials":
            return self.reply(400, {"error": "unsupported_grant_type"})
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return self.reply(401, {"error": "invalid_client"})
        token = secrets.token_hex(16)
        with STATE.lock:
            STATE.tokens[token] = time.time() + 3600
        self.reply(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600,
                         "scope": "openid"})

    def authorized(self):
        auth = self.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else ""
        with STATE.lock:
            expiry = STATE.tokens.get(token)
        if expiry is None or expiry < time.time():
            self.reply(401, {"error": "invalid_token"})
            return False
        account = base64.b64encode(f"{CPRO_LOGIN}:{CPRO_PASSWORD}".encode()).decode()
        if self.headers.get("cpro-account") != account:
            self.reply(403, {"codeRetour": 403, "libelle": "compte technique Chorus Pro inconnu "
                             "(en-tête cpro-account)"})
            return False
        return True

    def deposit(self, p):
        name = p.get("nomFichier", "")
        if p.get("syntaxeFlux") not in SYNTAXES:
            return self.reply(400, {"codeRetour": 20001, "libelle": "syntaxeFlux inconnue"})
        if not name or len(name) > 50:
            return self.reply(400, {"codeRetour": 20002,
                                    "libelle": "nomFichier absent ou de plus de 50 caractères"})
        try:
            data = base64.b64decode(p.get("fichierFlux", ""), validate=True)
        except ValueError:
            return self.reply(400, {"codeRetour": 20003, "libelle": "fichierFlux n'est pas du base64"})
        if len(data) > MAX_FLUX_BYTES:
            return self.reply(400, {"codeRetour": 20004, "libelle": "flux de plus de 120 Mo"})
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            entries = archive.infolist()
        except zipfile.BadZipFile:
            return self.reply(400, {"codeRetour": 20005, "libelle": "fichierFlux n'est pas un ZIP"})
        errors, numbers = [], []
        for entry in entries:
            number = entry.filename.rsplit(".", 1)[0]
            numbers.append(number)
            if len(entry.filename) > 50:
                errors.append({"numeroFacture": number, "champ": "nomFichier",
                               "libelle": "nom de fichier de plus de 50 caractères"})
            if entry.file_size > MAX_FILE_BYTES:
                errors.append({"numeroFacture": number, "champ": "fichier",
                               "libelle": "fichier de plus de 10 Mo"})
        with STATE.lock:
            STATE.counter += 1
            flux_number = f"FI_{int(time.time())}_{STATE.counter:06d}"
            for number in numbers:
                known = STATE.invoices.get(number)
                if known and known["statut"] not in ("REJETEE", "A_RECYCLER"):
                    errors.append({"numeroFacture": number, "champ": "numeroFacture",
                                   "libelle": "facture déjà déposée (doublon)"})
                elif number in STATE.reject:
                    errors.append({"numeroFacture": number, "champ": "BT-13",
                                   "libelle": "numéro d'engagement inconnu de la structure"})
            STATE.fluxes[flux_number] = {"numeroFluxDepot": flux_number, "nomFichier": name,
                                         "syntaxeFlux": p["syntaxeFlux"], "factures": numbers,
                                         "erreurs": errors, "consultations": 0}
            if not errors:
                for number in numbers:
                    step = "A_RECYCLER" if number in STATE.recycle else "DEPOSEE"
                    STATE.invoices[number] = {"statut": step, "flux": flux_number, "motif":
                                              "pièce justificative manquante" if step == "A_RECYCLER" else ""}
        self.reply(200, {"codeRetour": 0, "libelle": "GCU_MSG_01_000",
                         "numeroFluxDepot": flux_number,
                         "dateDepot": time.strftime("%Y-%m-%d"),
                         "syntaxeFlux": p["syntaxeFlux"]})

    def report(self, p):
        with STATE.lock:
            flux = STATE.fluxes.get(p.get("numeroFluxDepot", ""))
            if flux is None:
                return self.reply(404, {"codeRetour": 20010, "libelle": "flux inconnu"})
            flux["consultations"] += 1
            if flux["consultations"] == 1:
                state = "IN_EN_ATTENTE_TRAIT"
            else:
                state = "IN_REJETE" if flux["erreurs"] else "IN_INTEGRE"
            self.reply(200, {"codeRetour": 0, "numeroFluxDepot": flux["numeroFluxDepot"],
                             "etatCourantFlux": state, "listeErreurs": flux["erreurs"]
                             if state == "IN_REJETE" else []})

    def search(self, p):
        wanted = p.get("numerosFacture", [])
        out = []
        with STATE.lock:
            for number in wanted:
                known = STATE.invoices.get(number)
                if known is None:
                    continue
                if known["statut"] in INVOICE_STEPS[:-1]:
                    known["statut"] = INVOICE_STEPS[INVOICE_STEPS.index(known["statut"]) + 1]
                out.append({"numeroFacture": number, "statut": known["statut"],
                            "numeroFluxDepot": known["flux"], "motif": known["motif"]})
        self.reply(200, {"codeRetour": 0, "listeFactures": out})


def main():
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    server.serve_forever()


if __name__ == "__main__":
    main()
