"""Deterministic labelled PII corpus in English and French, written the way members write.

Each item is a post, comment or profile summary built from a template whose slots are
filled with generated values; the generator records the character span and type of
every personal datum it inserts. Look-alike slots (order numbers, dates, versions,
prices, company and product names) are inserted unlabelled: redacting them costs
precision.

Two splits use disjoint templates, disjoint value seeds and partly disjoint value
sources (the test split adds hand-written street names and names from locales the
recogniser's dictionaries do not include). Tune only on "dev"; report "test".

    python benchmarks/pii_corpus.py --seed 4 --per-lang 1200 > corpus.jsonl
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import phonenumbers
from faker import Faker

SLOT = re.compile(r"\{(\w+)\}")

# ---------------------------------------------------------------- templates
# Slots in capitals are PII of that type; lower-case slots are look-alikes (not PII).
TEMPLATES: dict[tuple[str, str], list[str]] = {
    ("en", "dev"): [
        "Thrilled to announce that {PERSON} has joined our team! Reach her at {EMAIL}.",
        "Great meeting {PERSON} and {PERSON} at the conference last week. So much to learn.",
        "Looking for a new role in data engineering. Call me on {PHONE} or email {EMAIL}.",
        "Our new office is at {STREET_ADDRESS}. Come say hi on {date}!",
        "Portfolio: {URL} - feedback welcome. Version {version} is out.",
        "Thanks {PERSON} for the recommendation, it means a lot.",
        "For refunds send your IBAN ({IBAN}) and order number {order} to billing.",
        "Someone posted my card number {CREDIT_CARD} in a group. Please remove it!",
        "Server {IP_ADDRESS} was down again after the {version} upgrade.",
        "My SSN {NATIONAL_ID} was asked in a fake job offer from {company}. Be careful.",
        "Profile: Senior analyst at {company}. Contact {PHONE}. Based at {STREET_ADDRESS}.",
        "Congrats to {PERSON} on the promotion! Well deserved after {price} in new deals.",
    ],
    ("en", "test"): [
        "Welcome aboard {PERSON}! You can reach the onboarding team at {EMAIL} or {PHONE}.",
        "Shout-out to {PERSON}, who mentored me through my first year at {company}.",
        "We moved! New address: {STREET_ADDRESS}. Same phone: {PHONE}.",
        "Read my article at {URL} and tell me what you think.",
        "Please wire the deposit to {IBAN} before {date}; invoice {order} attached.",
        "Paid with {CREDIT_CARD} and never got the product ({product}).",
        "Admins: the VPN gateway is {IP_ADDRESS}, fallback {IP_ADDRESS}.",
        "HR asked for my national insurance number {NATIONAL_ID} on the first day.",
        "Had a great chat with {PERSON} about the {version} roadmap.",
        "Meet {PERSON} and {PERSON}, our new hires in the London office.",
        "Any recruiter can contact me: {EMAIL}. Salary expectations around {price}.",
        "Visiting {STREET_ADDRESS} next week for the {company} offsite.",
    ],
    ("fr", "dev"): [
        "Ravie d'annoncer que {PERSON} rejoint l'équipe ! Écrivez-lui à {EMAIL}.",
        "Merci à {PERSON} et {PERSON} pour cette belle journée de conférence.",
        "Je cherche un poste de cheffe de projet. Joignable au {PHONE} ou par mail {EMAIL}.",
        "Nos nouveaux bureaux : {STREET_ADDRESS}. Inauguration le {date} !",
        "Mon portfolio : {URL}. La version {version} est en ligne.",
        "Un grand merci à {PERSON} pour sa recommandation.",
        "Pour le remboursement, envoyez votre IBAN {IBAN} et la commande n° {order}.",
        "Quelqu'un a publié ma carte {CREDIT_CARD} dans le groupe, merci de supprimer.",
        "Le serveur {IP_ADDRESS} est tombé après la mise à jour {version}.",
        "On m'a demandé mon numéro de sécu {NATIONAL_ID} pour une fausse offre de {company}.",
        "Profil : consultante chez {company}. Tél. {PHONE}. Adresse : {STREET_ADDRESS}.",
        "Félicitations à {PERSON} pour sa promotion, {price} de contrats signés !",
    ],
    ("fr", "test"): [
        "Bienvenue à {PERSON} ! L'équipe d'accueil répond au {PHONE} ou à {EMAIL}.",
        "Merci {PERSON}, ton mentorat chez {company} a tout changé.",
        "Nous déménageons : {STREET_ADDRESS}. Téléphone inchangé : {PHONE}.",
        "Mon article est ici : {URL}. Vos retours sont bienvenus.",
        "Merci de virer l'acompte sur {IBAN} avant le {date}, facture {order} jointe.",
        "Payé avec la carte {CREDIT_CARD}, jamais reçu le produit ({product}).",
        "Admins : la passerelle VPN est {IP_ADDRESS}, secours {IP_ADDRESS}.",
        "Les RH m'ont demandé mon NIR {NATIONAL_ID} dès le premier jour.",
        "Super échange avec {PERSON} sur la feuille de route {version}.",
        "Voici {PERSON} et {PERSON}, nos nouvelles recrues à Lyon.",
        "Recruteurs, contactez-moi : {EMAIL}. Prétentions autour de {price}.",
        "Séminaire {company} la semaine prochaine au {STREET_ADDRESS}.",
    ],
}
# Texts with no personal data, only look-alikes and capitalised words.
LOOKALIKE_TEMPLATES: dict[tuple[str, str], list[str]] = {
    ("en", "dev"): [
        "Order {order} shipped on {date}. Total: {price}.",
        "Will the {version} release ship before {date}? Grace period ends soon.",
        "{company} reported {price} in revenue. Product {product} sold out.",
        "Excited to share our roadmap for {date}. Stay tuned!",
    ],
    ("en", "test"): [
        "Invoice {order} is due on {date}; amount {price}.",
        "May I ask whether {company} still supports {version}?",
        "New SKU {product} launched at {price} by {company}.",
        "Thanks everyone for a fantastic year at {company}!",
    ],
    ("fr", "dev"): [
        "Commande {order} expédiée le {date}. Total : {price}.",
        "La version {version} sort avant le {date} ? Pierre qui roule n'amasse pas mousse.",
        "{company} annonce {price} de chiffre d'affaires. Le produit {product} est épuisé.",
        "Bravo à toute l'équipe pour ce lancement !",
    ],
    ("fr", "test"): [
        "Facture {order} à régler le {date} : {price}.",
        "Est-ce que {company} supporte encore la {version} ?",
        "Nouvelle référence {product} lancée à {price} par {company}.",
        "Merci à tous pour cette année incroyable chez {company} !",
    ],
}

LOCALES = {
    "en": ["en_US", "en_GB", "en_IE"],
    "fr": ["fr_FR", "fr_CA", "fr_CH"],
}
# Locales absent from the recogniser's dictionaries: colleagues from elsewhere.
FOREIGN_LOCALES = ["pl_PL", "sv_SE", "cs_CZ", "ro_RO", "hu_HU", "fi_FI"]
TEST_STREETS = {
    "en": ["Baker Street", "Queen's Drive", "Elm Road", "Victoria Embankment", "Oak Lane",
           "Kingsway Avenue", "Market Square", "Harbour Close"],
    "fr": ["rue Victor Hugo", "allée des Tilleuls", "impasse du Moulin", "quai de la Loire",
           "place Bellecour", "avenue Jean Jaurès", "chemin des Vignes", "cours Lafayette"],
}  # fmt: skip
PHONE_REGIONS = {
    "en": ["US", "GB", "GB", "US", "DE", "CH", "IT"],
    "fr": ["FR", "FR", "FR", "CH", "ES", "IT", "DE"],
}
COMPANIES = ["Acme SA", "Globex Corp", "Initech", "Umbrella Group", "Contoso Ltd",
             "Capgemini", "Dassault Systèmes", "Schneider Electric", "Morgan Stanley"]  # fmt: skip


@dataclass(slots=True)
class Context:
    rng: random.Random
    lang: str
    split: str
    fakers: dict[str, Faker]

    def faker(self, locale: str) -> Faker:
        if locale not in self.fakers:
            fk = Faker(locale)
            fk.seed_instance(self.rng.randrange(1 << 30))
            self.fakers[locale] = fk
        return self.fakers[locale]

    def local(self) -> Faker:
        return self.faker(self.rng.choice(LOCALES[self.lang]))


def gen_person(ctx: Context) -> str | tuple[str, str]:
    rng = ctx.rng
    foreign = rng.random() < (0.15 if ctx.split == "test" else 0.05)
    fk = ctx.faker(rng.choice(FOREIGN_LOCALES)) if foreign else ctx.local()
    first, last = fk.first_name(), fk.last_name()
    form = rng.random()
    if form < 0.65:
        return f"{first} {last}"
    if form < 0.80:
        return first
    if form < 0.90:
        # A title is not part of the name (presidio-research labels it the same way).
        title = rng.choice(["Mme", "M.", "Dr"] if ctx.lang == "fr" else ["Mr", "Ms", "Dr."])
        return f"{title} ", last
    if ctx.lang == "fr":
        return f"{last.upper()} {first}"
    return f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"


def gen_email(ctx: Context) -> str:
    fk = ctx.local()
    if ctx.rng.random() < 0.5:
        return fk.email()
    user = f"{fk.first_name()}.{fk.last_name()}".lower().replace(" ", "")
    return f"{user}@{fk.free_email_domain()}"


def gen_phone(ctx: Context) -> str:
    rng = ctx.rng
    region = rng.choice(PHONE_REGIONS[ctx.lang])
    kind = rng.choice(
        [phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE]
    )
    example = phonenumbers.example_number_for_type(region, kind)
    nsn = phonenumbers.national_significant_number(example)  # keeps Italy's leading 0
    for _ in range(20):
        digits = nsn[:-4] + f"{rng.randrange(10_000):04d}"
        number = phonenumbers.parse(f"+{example.country_code}{digits}")
        if phonenumbers.is_valid_number(number):
            break
    style = rng.choice(["national", "national", "international", "e164"])
    if style == "e164":
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    fmt = (phonenumbers.PhoneNumberFormat.NATIONAL if style == "national"
           else phonenumbers.PhoneNumberFormat.INTERNATIONAL)  # fmt: skip
    text = phonenumbers.format_number(number, fmt)
    if style == "national" and region == "FR" and rng.random() < 0.5:
        text = text.replace(" ", rng.choice([".", "-", ""]))
    return text


def gen_url(ctx: Context) -> str:
    fk = ctx.local()
    slug = f"{fk.first_name()}-{fk.last_name()}".lower()
    slug = re.sub(r"[^a-z0-9-]", "", slug.encode("ascii", "ignore").decode())
    return ctx.rng.choice([
        f"https://www.linkedin.com/in/{slug}",
        f"https://{slug}.{ctx.rng.choice(['dev', 'fr', 'com', 'io'])}/blog",
        f"{slug}.{'fr' if ctx.lang == 'fr' else 'com'}",
        f"http://github.com/{slug}",
    ])  # fmt: skip


def gen_ip(ctx: Context) -> str:
    fk = ctx.local()
    return fk.ipv6() if ctx.rng.random() < 0.3 else fk.ipv4_public()


def gen_iban(ctx: Context) -> str:
    locale = ctx.rng.choice(["fr_FR", "de_DE", "en_GB", "es_ES", "it_IT", "nl_NL"])
    iban: str = ctx.faker(locale).iban()
    if ctx.rng.random() < 0.6:
        iban = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban


def gen_card(ctx: Context) -> str:
    card_type = ctx.rng.choice(["visa", "mastercard", "amex", "discover"])
    number: str = ctx.local().credit_card_number(card_type=card_type)
    sep = ctx.rng.choice(["", " ", "-"])
    if sep and len(number) == 16:
        number = sep.join(number[i : i + 4] for i in range(0, 16, 4))
    return number


def gen_national_id(ctx: Context) -> str:
    rng = ctx.rng
    if ctx.lang == "fr":
        dept = rng.choice(["75", "69", "13", "2A", "33", "59", "01"])
        body = f"{rng.choice('12')}{rng.randrange(50, 99):02d}{rng.randrange(1, 13):02d}{dept}"
        body += f"{rng.randrange(1, 999):03d}{rng.randrange(1, 999):03d}"
        key = 97 - int(body.replace("2A", "19")) % 97
        if rng.random() < 0.5:
            return f"{body}{key:02d}"
        return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"
    if rng.random() < 0.5:
        ssn: str = ctx.faker("en_US").ssn()
        return ssn
    letters = "ABCEGHJKLMNPRSTWXYZ"
    nino = f"{rng.choice(letters[:-1])}{rng.choice(letters[:-1])}"
    if nino in {"GB", "NK", "TN", "ZZ", "KN", "NT", "BG"}:
        nino = "AB"
    digits = f"{rng.randrange(10**6):06d}"
    sep = rng.choice(["", " "])
    return f"{nino}{sep}{digits[:2]}{sep}{digits[2:4]}{sep}{digits[4:]}{sep}{rng.choice('ABCD')}"


def gen_address(ctx: Context) -> str:
    rng = ctx.rng
    if ctx.lang == "fr":
        fk = ctx.faker("fr_FR")
        street = (f"{rng.randrange(1, 140)} {rng.choice(TEST_STREETS['fr'])}"
                  if ctx.split == "test" and rng.random() < 0.6
                  else fk.street_address())  # fmt: skip
        return f"{street}{rng.choice([', ', ' ', chr(10)])}{fk.postcode()} {fk.city()}"
    if rng.random() < 0.5:
        fk = ctx.faker("en_US")
        street = (f"{rng.randrange(1, 9000)} {rng.choice(TEST_STREETS['en'])}"
                  if ctx.split == "test" and rng.random() < 0.6
                  else fk.street_address())  # fmt: skip
        return f"{street}, {fk.city()}, {fk.state_abbr()} {fk.zipcode()}"
    fk = ctx.faker("en_GB")
    street = (f"{rng.randrange(1, 300)} {rng.choice(TEST_STREETS['en'])}"
              if ctx.split == "test" and rng.random() < 0.6
              else fk.street_address())  # fmt: skip
    return f"{street}, {fk.city()} {fk.postcode()}"


def gen_order(ctx: Context) -> str:
    rng = ctx.rng
    return rng.choice([
        f"#{rng.randrange(10**5, 10**7)}",
        f"{rng.randrange(2020, 2026)}-{rng.randrange(10**5, 10**6)}",
        f"{rng.randrange(10**9, 10**10)}",
        f"A-{rng.randrange(10**5, 10**6)}",
    ])  # fmt: skip


_LAST_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def gen_date(ctx: Context) -> str:
    # A fixed end: Faker's default ends now, so the corpus would change from day to day.
    d = ctx.local().date_object(end_datetime=_LAST_DATE)
    months_fr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
    return ctx.rng.choice([
        d.strftime("%d/%m/%Y"), d.isoformat(),
        d.strftime("%B %d, %Y") if ctx.lang == "en"
        else f"{d.day} {months_fr[d.month - 1]} {d.year}",
    ])  # fmt: skip


def gen_version(ctx: Context) -> str:
    rng = ctx.rng
    return rng.choice([
        f"v{rng.randrange(1, 5)}.{rng.randrange(20)}.{rng.randrange(20)}",
        f"{rng.randrange(1, 20)}.{rng.randrange(10)}",
        f"{rng.randrange(1, 12)}.{rng.randrange(10)}.{rng.randrange(100)}.{rng.randrange(100)}",
    ])  # fmt: skip


def gen_price(ctx: Context) -> str:
    rng = ctx.rng
    amount = rng.randrange(10, 10**7)
    if ctx.lang == "fr":
        return f"{amount:,}".replace(",", " ") + rng.choice([" €", " euros", ",99 €"])
    return rng.choice([f"${amount:,}", f"${amount:,}.99", f"£{amount:,}", f"{amount // 1000}k USD"])


def gen_company(ctx: Context) -> str:
    if ctx.rng.random() < 0.5:
        return ctx.rng.choice(COMPANIES)
    company: str = ctx.local().company()
    return company


def gen_product(ctx: Context) -> str:
    rng = ctx.rng
    return rng.choice([
        f"SKU {rng.randrange(10**12, 10**13)}",
        f"XJ-{rng.randrange(100, 999)}",
        f"ref. {rng.choice('ABCDEFGH')}{rng.choice('ABCDEFGH')}{rng.randrange(10**5, 10**6)}",
        f"Model {rng.choice(['Pro', 'Max', 'Air'])} {rng.randrange(2, 20)}",
    ])  # fmt: skip


GENERATORS: dict[str, Callable[[Context], str | tuple[str, str]]] = {
    "PERSON": gen_person, "EMAIL": gen_email, "PHONE": gen_phone, "URL": gen_url,
    "IP_ADDRESS": gen_ip, "IBAN": gen_iban, "CREDIT_CARD": gen_card,
    "NATIONAL_ID": gen_national_id, "STREET_ADDRESS": gen_address, "order": gen_order,
    "date": gen_date, "version": gen_version, "price": gen_price, "company": gen_company,
    "product": gen_product,
}  # fmt: skip


def fill(template: str, ctx: Context) -> tuple[str, list[dict[str, object]]]:
    """Fill the slots of ``template``, returning the text and the PII spans in it."""
    parts: list[str] = []
    spans: list[dict[str, object]] = []
    position = 0
    length = 0
    for match in SLOT.finditer(template):
        literal = template[position : match.start()]
        parts.append(literal)
        length += len(literal)
        slot = match.group(1)
        value = GENERATORS[slot](ctx)
        if isinstance(value, tuple):
            # (unlabelled prefix, value): "Mme " + "Dupont"
            parts.append(value[0])
            length += len(value[0])
            value = value[1]
        if slot.isupper():
            spans.append({"start": length, "end": length + len(value), "type": slot})
        parts.append(value)
        length += len(value)
        position = match.end()
    parts.append(template[position:])
    return "".join(parts), spans


def generate(seed: int = 4, per_lang: int = 1200) -> Iterator[dict[str, object]]:
    """Yield ``per_lang`` items per language, half dev and half test, deterministically."""
    for lang in ("en", "fr"):
        for split_index, split in enumerate(("dev", "test")):
            rng = random.Random(f"{seed}:{lang}:{split}")
            Faker.seed(seed * 10 + split_index)
            ctx = Context(rng, lang, split, {})
            pii = TEMPLATES[(lang, split)]
            lookalike = LOOKALIKE_TEMPLATES[(lang, split)]
            for i in range(per_lang // 2):
                # One text in five has no personal data at all.
                pool = lookalike if i % 5 == 4 else pii
                template = pool[(i // 5 if pool is lookalike else i) % len(pool)]
                text, spans = fill(template, ctx)
                yield {"id": f"{lang}-{split}-{i:05d}", "lang": lang, "split": split,
                       "text": text, "spans": spans}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--per-lang", type=int, default=1200)
    args = parser.parse_args()
    for item in generate(args.seed, args.per_lang):
        sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
