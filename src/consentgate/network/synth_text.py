"""Text templates of the synthetic network, in English and French.

A text is a few sentences drawn from these pools and filled with the author's profile, other
members' names and, sometimes, contact details, so that redaction has real work to do.
"""

from __future__ import annotations

TOPICS = {
    "en": (
        "data quality", "remote work", "generative AI", "hiring juniors", "cloud costs",
        "privacy by design", "product discovery", "team rituals", "mentoring", "burnout",
        "open source", "customer interviews", "pricing", "supply chain resilience",
        "the energy transition", "accessibility", "technical debt", "onboarding",
        "data governance", "career changes",
    ),
    "fr": (
        "la qualité des données", "le télétravail", "l'IA générative", "le recrutement des juniors",
        "les coûts du cloud", "la protection des données dès la conception", "la discovery produit",
        "les rituels d'équipe", "le mentorat", "l'épuisement professionnel", "l'open source",
        "les entretiens clients", "la tarification", "la transition énergétique",
        "l'accessibilité", "la dette technique", "l'onboarding", "la gouvernance des données",
        "les reconversions", "la sobriété numérique",
    ),
}  # fmt: skip

EVENTS = ("VivaTech", "Web Summit", "PyCon", "Big Data Paris", "re:Invent", "SaaStr", "Devoxx")

POST_OPEN = {
    "en": (
        "Some thoughts on {topic} after a busy week at {company}.",
        "Thrilled to share that I'm starting a new role as {title} at {company}!",
        "Back from {event}: my three takeaways on {topic}.",
        "Huge thanks to {mention} for an inspiring conversation about {topic}.",
        "After {n} years working on {topic}, here is what I wish I had known earlier.",
        "Proud of the team at {company}: we just shipped our {skill} platform.",
        "Hot take: {topic} is a people problem before it is a tooling problem.",
        "We are hiring! Our team in {city} is looking for a {title}.",
        "Congratulations to {mention} on the new position, well deserved!",
    ),
    "fr": (
        "Quelques réflexions sur {topic} après une semaine chargée chez {company}.",
        "Ravi·e de vous annoncer que je rejoins {company} en tant que {title} !",
        "De retour de {event} : mes trois enseignements sur {topic}.",
        "Un grand merci à {mention} pour cet échange passionnant sur {topic}.",
        "Après {n} ans à travailler sur {topic}, voici ce que j'aurais aimé savoir plus tôt.",
        "Fier·e de l'équipe {company} : nous venons de livrer notre plateforme {skill}.",
        "Avis tranché : {topic}, c'est d'abord une question humaine avant d'être technique.",
        "On recrute ! Notre équipe de {city} cherche un·e {title}.",
        "Félicitations à {mention} pour ce nouveau poste, c'est amplement mérité !",
    ),
}  # fmt: skip

POST_BODY = {
    "en": (
        "The teams that do it well start small, measure, and write things down.",
        "We cut our lead time in half by pairing {skill} experts with newcomers.",
        "Most of the value came from talking to users, not from the tools.",
        "I worked with {mention} on this and learned a lot about {skill}.",
        "It took us {n} iterations, but the result is finally something we are proud of.",
        "If you are in {city} next month, let's grab a coffee and talk about it.",
        "The hardest part was not {skill}; it was agreeing on what success looks like.",
    ),
    "fr": (
        "Les équipes qui réussissent commencent petit, mesurent et documentent.",
        "Nous avons divisé par deux nos délais en associant experts {skill} et nouveaux venus.",
        "L'essentiel de la valeur est venu des échanges avec les utilisateurs, pas des outils.",
        "J'ai travaillé avec {mention} sur ce sujet et j'ai beaucoup appris sur {skill}.",
        "Il nous a fallu {n} itérations, mais le résultat nous rend enfin fiers.",
        "Si vous passez à {city} le mois prochain, prenons un café pour en parler.",
        "Le plus dur n'était pas {skill}, mais de s'accorder sur la définition du succès.",
    ),
}  # fmt: skip

POST_CLOSE = {
    "en": ("What is your experience?", "Curious to hear your thoughts.", "#{tag} #careers",
           "Link in the comments.", "Agree or disagree?"),
    "fr": ("Et vous, quelle est votre expérience ?", "Curieux·se d'avoir vos retours.",
           "#{tag} #emploi", "Lien en commentaire.", "D'accord, pas d'accord ?"),
}  # fmt: skip

COMMENTS = {
    "en": (
        "Great post, {mention} would love this.", "Congrats, well deserved!",
        "Totally agree, especially on {topic}.", "Thanks for sharing!",
        "We saw the same thing at {company}.", "Interesting take. Happy to discuss, {contact}",
        "Looking forward to the next one!", "This matches what {mention} said at {event}.",
    ),
    "fr": (
        "Super post, {mention} devrait adorer.", "Félicitations, c'est mérité !",
        "Entièrement d'accord, surtout sur {topic}.", "Merci pour le partage !",
        "Même constat chez {company}.",
        "Point de vue intéressant. Au plaisir d'en discuter, {contact}",
        "Vivement le prochain !", "Ça rejoint ce que disait {mention} à {event}.",
    ),
}  # fmt: skip

ARTICLE_TITLE = {
    "en": ("A practical guide to {topic}", "{n} lessons on {topic}", "Why {topic} matters"),
    "fr": ("Guide pratique : {topic}", "{n} leçons sur {topic}", "Pourquoi {topic} compte"),
}

GROUP_NAMES = {
    "en": ("{skill} Professionals", "{city} Tech Meetup", "Women in {skill}", "{topic} Circle"),
    "fr": ("Communauté {skill}", "Meetup tech {city}", "Les pros de {skill}", "Cercle {topic}"),
}

PRIVATE_MESSAGES = {
    "en": (
        "Hi {first}, thanks for connecting! Are you free for a call on Thursday?",
        "Hey {first}, here are the slides from today. My number is {phone} if needed.",
        "Hi {first}, could you send me the contract draft? You can reach me at {email}.",
        "{first}, congrats again on the promotion, drinks on me next week!",
        "Hi {first}, my new address for the package is {address}.",
    ),
    "fr": (
        "Bonjour {first}, merci pour la mise en relation ! Dispo jeudi pour un appel ?",
        "Salut {first}, voici les slides d'aujourd'hui. Mon numéro : {phone}.",
        "Bonjour {first}, peux-tu m'envoyer le projet de contrat ? Écris-moi à {email}.",
        "{first}, encore bravo pour la promotion, je t'invite la semaine prochaine !",
        "Bonjour {first}, ma nouvelle adresse pour le colis : {address}.",
    ),
}  # fmt: skip

RECRUITER_MESSAGES = {
    "en": (
        "Hi {first}, I came across your profile and think you'd be a great fit for a {title} "
        "role at {company}. Could we talk this week? You can reach me at {email} or {phone}.",
        "Hello {first}, we are growing our {skill} team in {city}. The package is competitive. "
        "Interested? Details: {careers}",
        "Thanks for your interest, {first}! The next step is a 30-minute interview with the team.",
    ),
    "fr": (
        "Bonjour {first}, votre profil a retenu mon attention pour un poste de {title} chez "
        "{company}. Pouvons-nous échanger cette semaine ? Joignable au {phone} ou à {email}.",
        "Bonjour {first}, nous renforçons notre équipe {skill} à {city}. Intéressé·e ? "
        "Détails : {careers}",
        "Merci pour votre intérêt, {first} ! Prochaine étape : un entretien de 30 minutes.",
    ),
}  # fmt: skip

CANDIDATE_REPLIES = {
    "en": ("Thanks {first}, happy to chat. Best number: {phone}.",
           "Hi {first}, thanks but I'm not looking right now."),
    "fr": ("Merci {first}, avec plaisir. Mon numéro : {phone}.",
           "Bonjour {first}, merci mais je ne suis pas en recherche actuellement."),
}  # fmt: skip

AI_PROMPTS = {
    "en": (
        "Rewrite my headline to sound more senior: {title} at {company}",
        "Draft a post announcing that I joined {company} as {title}",
        "Summarise my experience in {skill} in three bullet points",
        "Write a thank-you message to {mention} for the recommendation",
        "Suggest five skills I should add to my profile as a {title}",
    ),
    "fr": (
        "Réécris mon titre pour faire plus senior : {title} chez {company}",
        "Rédige un post pour annoncer mon arrivée chez {company} comme {title}",
        "Résume mon expérience en {skill} en trois points",
        "Écris un message de remerciement à {mention} pour sa recommandation",
        "Propose cinq compétences à ajouter à mon profil de {title}",
    ),
}  # fmt: skip

FEEDBACK = {
    "en": ("The suggested post was too generic.", "Great draft, I used it almost as is.",
           "The rewrite invented a job I never had.", "Too many emojis in the suggestion.",
           "Helpful, but it got my company name wrong."),
    "fr": ("Le post suggéré était trop générique.",
           "Très bon brouillon, je l'ai presque gardé tel quel.",
           "La reformulation a inventé un poste que je n'ai jamais occupé.",
           "Trop d'emojis dans la suggestion.", "Utile, mais le nom de mon entreprise était faux."),
}  # fmt: skip

SALARY_TEXT = {
    "en": "Base salary {amount} {currency} per year, {title} at {company}, {city}.",
    "fr": "Salaire fixe {amount} {currency} brut annuel, {title} chez {company}, {city}.",
}

CONTACT = {
    "en": ("reach me at {email}", "call me on {phone}", "my portfolio: {url}",
           "ping me at {email} or {phone}"),
    "fr": ("écrivez-moi à {email}", "appelez-moi au {phone}", "mon portfolio : {url}",
           "contact : {email} / {phone}"),
}  # fmt: skip

SUMMARY = {
    "en": (
        "{title} with {n} years of experience in {skill} and {skill2}. Based in {city}.",
        "I help teams at {company} turn {topic} into results. Passionate about {skill}.",
    ),
    "fr": (
        "{title} avec {n} ans d'expérience en {skill} et {skill2}. Basé·e à {city}.",
        "J'aide les équipes de {company} à transformer {topic} en résultats. "
        "Passionné·e de {skill}.",
    ),
}  # fmt: skip

HEADLINE = {
    "en": ("{title} at {company}", "{title} | {skill} · {skill2}", "{title} · {company}"),
    "fr": ("{title} chez {company}", "{title} | {skill} · {skill2}", "{title} · {company}"),
}
