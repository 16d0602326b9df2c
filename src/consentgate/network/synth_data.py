"""Reference data of the synthetic network: countries, cities, schools, jobs, skills.

Real city and school names make profiles look like the ones redaction and policy code will
meet; people, companies and street addresses come from Faker (see synth_people).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Country:
    """How members of one country look: Faker locale, language, time zone, share, currency."""

    code: str
    name: str
    locale: str
    lang: str  # language of the member's texts: "fr" or "en"
    tz: str
    weight: float
    currency: str
    email_domains: tuple[str, ...]
    cities: tuple[str, ...]
    schools: tuple[str, ...]


COUNTRIES: tuple[Country, ...] = (
    Country("US", "United States", "en_US", "en", "America/New_York", 20, "USD",
            ("gmail.com", "outlook.com", "yahoo.com", "icloud.com"),
            ("New York", "San Francisco", "Austin", "Chicago", "Seattle", "Boston", "Atlanta"),
            ("University of Michigan", "UC Berkeley", "Georgia Tech", "New York University",
             "University of Texas at Austin", "Boston University", "Purdue University")),
    Country("FR", "France", "fr_FR", "fr", "Europe/Paris", 14, "EUR",
            ("gmail.com", "orange.fr", "free.fr", "laposte.net", "outlook.fr"),
            ("Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Lille", "Bordeaux", "Rennes"),
            ("Sorbonne Université", "Université Lyon 2", "HEC Paris", "ESSEC", "INSA Lyon",
             "Université de Bordeaux", "École Polytechnique", "Université de Nantes")),
    Country("IN", "India", "en_IN", "en", "Asia/Kolkata", 12, "INR",
            ("gmail.com", "yahoo.co.in", "rediffmail.com", "outlook.com"),
            ("Bengaluru", "Mumbai", "Pune", "Hyderabad", "Chennai", "New Delhi", "Gurugram"),
            ("IIT Bombay", "IIT Delhi", "BITS Pilani", "Anna University", "VIT Vellore",
             "University of Mumbai", "IIM Ahmedabad")),
    Country("GB", "United Kingdom", "en_GB", "en", "Europe/London", 9, "GBP",
            ("gmail.com", "btinternet.com", "outlook.com", "yahoo.co.uk"),
            ("London", "Manchester", "Edinburgh", "Bristol", "Leeds", "Birmingham", "Cambridge"),
            ("University of Manchester", "King's College London", "University of Edinburgh",
             "University of Bristol", "University of Leeds", "Imperial College London")),
    Country("DE", "Germany", "de_DE", "en", "Europe/Berlin", 8, "EUR",
            ("gmail.com", "web.de", "gmx.de", "t-online.de"),
            ("Berlin", "München", "Hamburg", "Frankfurt am Main", "Köln", "Stuttgart"),
            ("TU München", "LMU München", "Humboldt-Universität zu Berlin", "RWTH Aachen",
             "Universität Hamburg", "KIT Karlsruhe")),
    Country("BR", "Brazil", "pt_BR", "en", "America/Sao_Paulo", 7, "BRL",
            ("gmail.com", "hotmail.com", "uol.com.br", "outlook.com"),
            ("São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba", "Porto Alegre"),
            ("Universidade de São Paulo", "Unicamp", "UFRJ", "PUC-Rio", "UFMG", "FGV")),
    Country("ES", "Spain", "es_ES", "en", "Europe/Madrid", 5, "EUR",
            ("gmail.com", "hotmail.es", "yahoo.es", "outlook.es"),
            ("Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao", "Málaga"),
            ("Universidad Complutense de Madrid", "Universitat de Barcelona", "IE University",
             "Universidad Politécnica de Madrid", "Universitat Pompeu Fabra")),
    Country("IT", "Italy", "it_IT", "en", "Europe/Rome", 5, "EUR",
            ("gmail.com", "libero.it", "virgilio.it", "outlook.it"),
            ("Milano", "Roma", "Torino", "Bologna", "Napoli", "Firenze"),
            ("Politecnico di Milano", "Università Bocconi", "Sapienza Università di Roma",
             "Università di Bologna", "Politecnico di Torino")),
    Country("NL", "Netherlands", "nl_NL", "en", "Europe/Amsterdam", 4, "EUR",
            ("gmail.com", "ziggo.nl", "kpnmail.nl", "outlook.com"),
            ("Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Den Haag"),
            ("TU Delft", "Universiteit van Amsterdam", "Erasmus Universiteit Rotterdam",
             "Universiteit Utrecht", "TU Eindhoven")),
    Country("CA", "Canada", "en_CA", "en", "America/Toronto", 4, "CAD",
            ("gmail.com", "outlook.com", "yahoo.ca", "rogers.com"),
            ("Toronto", "Vancouver", "Montréal", "Calgary", "Ottawa"),
            ("University of Toronto", "McGill University", "University of British Columbia",
             "University of Waterloo", "Université de Montréal")),
    Country("CH", "Switzerland", "fr_CH", "fr", "Europe/Zurich", 3, "CHF",
            ("gmail.com", "bluewin.ch", "sunrise.ch", "outlook.com"),
            ("Genève", "Lausanne", "Neuchâtel", "Fribourg", "Sion"),
            ("EPFL", "Université de Genève", "Université de Lausanne", "HEC Lausanne",
             "Université de Neuchâtel")),
    Country("BE", "Belgium", "fr_BE", "fr", "Europe/Brussels", 2, "EUR",
            ("gmail.com", "skynet.be", "telenet.be", "outlook.be"),
            ("Bruxelles", "Liège", "Namur", "Charleroi", "Louvain-la-Neuve"),
            ("Université libre de Bruxelles", "UCLouvain", "Université de Liège",
             "Solvay Brussels School")),
    Country("HK", "Hong Kong", "en_GB", "en", "Asia/Hong_Kong", 2, "HKD",
            ("gmail.com", "yahoo.com.hk", "netvigator.com", "outlook.com"),
            ("Hong Kong", "Kowloon", "Sha Tin", "Tsuen Wan"),
            ("The University of Hong Kong", "HKUST", "The Chinese University of Hong Kong",
             "City University of Hong Kong", "PolyU")),
)  # fmt: skip

# Faker has no Hong Kong locale: Cantonese romanised names, often with an English given name.
HK_GIVEN = (
    "Ka Yan", "Wing Sze", "Chi Ming", "Tsz Hin", "Hoi Ying", "Man Kit", "Wai Lun", "Pui Shan",
    "Jason", "Karen", "Kelvin", "Winnie", "Raymond", "Cherry", "Alvin", "Mandy", "Eric", "Ivy",
)  # fmt: skip
HK_FAMILY = (
    "Chan", "Wong", "Lee", "Cheung", "Lau", "Ng", "Ho", "Leung", "Tang", "Yip", "Lam", "Tsang",
    "Chow", "Kwok", "Mak", "Fung", "Yeung", "Poon",
)  # fmt: skip

EEA_CH_UK = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
    "IS LI NO CH GB".split()
)
NOTICE_COUNTRIES = EEA_CH_UK | {"CA", "HK"}  # included under legitimate interest from 3 Nov 2025

# Professions: (English title, French title, skills). Recruiters write recruiter messages.
PROFESSIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Data Scientist", "Data scientist", ("Python", "Machine Learning", "SQL", "Statistics")),
    ("Data Engineer", "Ingénieur·e data", ("Spark", "Airflow", "SQL", "Python", "dbt")),
    ("Software Engineer", "Ingénieur·e logiciel", ("Java", "TypeScript", "Kubernetes", "Go")),
    ("Backend Developer", "Développeur·se backend", ("Python", "PostgreSQL", "Django", "APIs")),
    ("Frontend Developer", "Développeur·se front-end", ("React", "TypeScript", "CSS", "UX")),
    ("Product Manager", "Chef·fe de produit", ("Roadmapping", "User Research", "Agile")),
    ("Project Manager", "Chef·fe de projet", ("Gestion de projet", "Scrum", "Budgeting")),
    ("Marketing Manager", "Responsable marketing", ("SEO", "Content Strategy", "Analytics")),
    ("Sales Executive", "Ingénieur·e commercial·e", ("Negotiation", "CRM", "B2B Sales")),
    ("Financial Analyst", "Analyste financier·ère", ("Excel", "Financial Modeling", "IFRS")),
    ("HR Business Partner", "Responsable RH", ("Talent Management", "Labour Law", "HRIS")),
    ("Talent Acquisition Specialist", "Chargé·e de recrutement", ("Sourcing", "Interviewing")),
    ("UX Designer", "Designer UX", ("Figma", "Prototyping", "Design Systems")),
    ("DevOps Engineer", "Ingénieur·e DevOps", ("Terraform", "AWS", "CI/CD", "Linux")),
    ("Cybersecurity Analyst", "Analyste cybersécurité", ("SIEM", "ISO 27001", "Pentesting")),
    ("Data Protection Officer", "Délégué·e à la protection des données", ("GDPR", "Audit")),
    ("Supply Chain Manager", "Responsable supply chain", ("SAP", "Logistics", "Lean")),
    ("Accountant", "Comptable", ("Accounting", "Tax", "Excel")),
)
RECRUITER_TITLES = frozenset({"Talent Acquisition Specialist"})
SENIORITY_EN = ("Junior ", "", "", "Senior ", "Lead ", "Principal ")
SENIORITY_FR = ("", "", "", " senior", " confirmé·e", " principal·e")
DEGREES_EN = ("BSc", "MSc", "MBA", "BEng", "PhD", "BA")
DEGREES_FR = ("Licence", "Master", "Diplôme d'ingénieur", "Doctorat", "BTS", "MBA")
FIELDS_EN = ("Computer Science", "Statistics", "Business", "Economics", "Marketing", "Law")
FIELDS_FR = ("Informatique", "Statistique", "Gestion", "Économie", "Marketing", "Droit")

# Monthly-ish gross annual salary ranges by currency, for the salary field and records.
SALARY_RANGE = {
    "USD": (55_000, 210_000),
    "EUR": (32_000, 120_000),
    "GBP": (30_000, 110_000),
    "INR": (600_000, 4_500_000),
    "BRL": (60_000, 350_000),
    "CAD": (55_000, 170_000),
    "CHF": (80_000, 200_000),
    "HKD": (300_000, 1_400_000),
}
