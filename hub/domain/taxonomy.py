"""The GCM's 23 objectives and 10 guiding principles (A/RES/73/195), as data.

Each objective also carries a keyword vocabulary of our own, in the hub's working
languages, that seeds auto-tagging and the synthetic hub generator.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["OBJECTIVES", "PRINCIPLES", "Objective", "Principle", "objective"]


@dataclass(frozen=True, slots=True)
class Objective:
    number: int
    label: str
    title: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Principle:
    slug: str
    label: str


def _objective(number: int, label: str, title: str, keywords: str) -> Objective:
    return Objective(number, label, title, tuple(k.strip() for k in keywords.split(";")))


OBJECTIVES: tuple[Objective, ...] = (
    _objective(
        1,
        "Data",
        "Collect and utilize accurate and disaggregated data as a basis for evidence-based"
        " policies",
        "migration data; statistics; census; survey; disaggregated data; data collection;"
        " displacement tracking; evidence base; migration profile; household survey;"
        " données migratoires; statistiques; datos migratorios; estadísticas; بيانات الهجرة",
    ),
    _objective(
        2,
        "Adverse drivers",
        "Minimize the adverse drivers and structural factors that compel people to leave"
        " their country of origin",
        "root causes; climate change; drought; disaster risk; resilience; livelihoods;"
        " food security; conflict prevention; poverty reduction; environmental degradation;"
        " natural disasters; floods; desertification; food insecurity; early warning;"
        " stabilization; changement climatique; moyens de subsistance; catastrophes naturelles;"
        " insécurité alimentaire; cambio climático; medios de vida; desastres naturales;"
        " inseguridad alimentaria; تغير المناخ",
    ),
    _objective(
        3,
        "Information",
        "Provide accurate and timely information at all stages of migration",
        "information campaign; awareness raising; migrant information centre;"
        " pre-departure orientation; counselling; hotline; misinformation;"
        " sensibilisation; information des migrants; sensibilización; información; توعية",
    ),
    _objective(
        4,
        "Legal identity",
        "Ensure that all migrants have proof of legal identity and adequate documentation",
        "legal identity; civil registration; birth registration; identity documents; passport;"
        " statelessness; documentation; état civil; enregistrement des naissances;"
        " identidad legal; registro civil; الهوية القانونية",
    ),
    _objective(
        5,
        "Regular pathways",
        "Enhance availability and flexibility of pathways for regular migration",
        "regular pathways; labour mobility; visa; family reunification; humanitarian visa;"
        " student mobility; resettlement; voies régulières; mobilité de la main-d'œuvre;"
        " vías regulares; movilidad laboral; الهجرة النظامية",
    ),
    _objective(
        6,
        "Fair recruitment and decent work",
        "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work",
        "fair recruitment; decent work; labour rights; recruitment fees; migrant workers;"
        " domestic workers; labour inspection; employment; recrutement équitable;"
        " travail décent; contratación equitativa; trabajo decente; العمل اللائق",
    ),
    _objective(
        7,
        "Vulnerabilities",
        "Address and reduce vulnerabilities in migration",
        "vulnerability; protection; gender-based violence; unaccompanied children;"
        " psychosocial support; case management; survivors; child protection; GBV;"
        " sexual and gender-based violence; safe spaces; mental health; protection services;"
        " protection monitoring; vulnérabilité; protection de l'enfance;"
        " violences basées sur le genre; santé mentale; vulnerabilidad; protección;"
        " violencia de género; salud mental; الحماية",
    ),
    _objective(
        8,
        "Save lives",
        "Save lives and establish coordinated international efforts on missing migrants",
        "missing migrants; search and rescue; saving lives; deaths at sea; identification of"
        " remains; humanitarian rescue; migrants disparus; sauvetage; migrantes desaparecidos;"
        " búsqueda y rescate; المهاجرين المفقودين",
    ),
    _objective(
        9,
        "Smuggling",
        "Strengthen the transnational response to smuggling of migrants",
        "smuggling of migrants; smugglers; organized crime; criminal networks; prosecution;"
        " trafic de migrants; passeurs; tráfico ilícito de migrantes; تهريب المهاجرين",
    ),
    _objective(
        10,
        "Trafficking",
        "Prevent, combat and eradicate trafficking in persons in the context of international"
        " migration",
        "human trafficking; trafficking in persons; victims of trafficking; forced labour;"
        " exploitation; traite des personnes; trata de personas; الاتجار بالبشر",
    ),
    _objective(
        11,
        "Borders",
        "Manage borders in an integrated, secure and coordinated manner",
        "border management; border control; border posts; immigration officers;"
        " integrated border management; cross-border; immigration authorities;"
        " immigration services; points of entry; border officials; border security;"
        " gestion des frontières; points d'entrée; services d'immigration;"
        " police aux frontières; gestión de fronteras; puntos de entrada;"
        " autoridades migratorias; control fronterizo; إدارة الحدود",
    ),
    _objective(
        12,
        "Screening and referral",
        "Strengthen certainty and predictability in migration procedures for appropriate"
        " screening, assessment and referral",
        "screening; referral mechanism; individual assessment; asylum procedures;"
        " vulnerability screening; migration procedures; identification of vulnerable migrants;"
        " orientation; dépistage;"
        " mécanisme de référence; mecanismos de derivación; الإحالة",
    ),
    _objective(
        13,
        "Alternatives to detention",
        "Use migration detention only as a measure of last resort and work towards alternatives",
        "immigration detention; alternatives to detention; detention centres; community-based"
        " alternatives; détention administrative; alternatives à la détention;"
        " alternativas a la detención; بدائل الاحتجاز",
    ),
    _objective(
        14,
        "Consular protection",
        "Enhance consular protection, assistance and cooperation throughout the migration cycle",
        "consular protection; consulates; embassies; consular assistance; nationals abroad;"
        " protection consulaire; protección consular; الحماية القنصلية",
    ),
    _objective(
        15,
        "Basic services",
        "Provide access to basic services for migrants",
        "basic services; health care; education; water and sanitation; shelter; housing;"
        " nutrition; primary health; health services; primary health care; WASH;"
        " water, sanitation and hygiene; schools; services de base; santé; éducation;"
        " soins de santé; eau et assainissement; servicios básicos; salud; educación;"
        " atención sanitaria; agua y saneamiento; الخدمات الأساسية",
    ),
    _objective(
        16,
        "Inclusion and social cohesion",
        "Empower migrants and societies to realize full inclusion and social cohesion",
        "social cohesion; integration; inclusion; host communities; community dialogue;"
        " peacebuilding; language courses; cohésion sociale; intégration; cohesión social;"
        " integración; التماسك الاجتماعي",
    ),
    _objective(
        17,
        "Discrimination and public discourse",
        "Eliminate all forms of discrimination and promote evidence-based public discourse to"
        " shape perceptions of migration",
        "discrimination; xenophobia; racism; hate speech; public perceptions; media;"
        " public discourse; discrimination raciale; xénophobie; discriminación; xenofobia;"
        " التمييز",
    ),
    _objective(
        18,
        "Skills",
        "Invest in skills development and facilitate mutual recognition of skills,"
        " qualifications and competences",
        "skills development; vocational training; TVET; recognition of qualifications;"
        " skills partnerships; apprenticeships; formation professionnelle; compétences;"
        " formación profesional; competencias; تنمية المهارات",
    ),
    _objective(
        19,
        "Diaspora contributions",
        "Create conditions for migrants and diasporas to fully contribute to sustainable"
        " development in all countries",
        "diaspora; diaspora engagement; diaspora investment; knowledge transfer;"
        " transnational communities; diaspora experts; diaspora professionals;"
        " temporary return of qualified nationals; brain gain; diaspora entrepreneurship;"
        " engagement de la diaspora; experts de la diaspora; transfert de connaissances;"
        " diáspora; expertos de la diáspora; transferencia de conocimientos; المغتربين",
    ),
    _objective(
        20,
        "Remittances",
        "Promote faster, safer and cheaper transfer of remittances and foster financial"
        " inclusion of migrants",
        "remittances; money transfer; transaction costs; financial inclusion; mobile money;"
        " financial literacy; transferts de fonds; envois de fonds; remesas;"
        " inclusión financiera; التحويلات المالية",
    ),
    _objective(
        21,
        "Return and reintegration",
        "Cooperate in facilitating safe and dignified return and readmission, as well as"
        " sustainable reintegration",
        "return; reintegration; readmission; voluntary return; assisted voluntary return;"
        " returnees; reintegration assistance; sustainable reintegration; returning migrants;"
        " returned migrants; return migration; community-based reintegration;"
        " retour volontaire; réintégration; migrants de retour; réintégration durable;"
        " retorno voluntario; reintegración; migrantes retornados; reintegración sostenible;"
        " العودة وإعادة الإدماج",
    ),
    _objective(
        22,
        "Social protection portability",
        "Establish mechanisms for the portability of social security entitlements and earned"
        " benefits",
        "social security; portability; pensions; social protection; bilateral social security"
        " agreements; earned benefits; sécurité sociale; portabilité; seguridad social;"
        " portabilidad; الضمان الاجتماعي",
    ),
    _objective(
        23,
        "International cooperation",
        "Strengthen international cooperation and global partnerships for safe, orderly and"
        " regular migration",
        "international cooperation; global partnership; regional consultative process;"
        " capacity building; policy dialogue; migration governance; coopération"
        " internationale; cooperación internacional; التعاون الدولي",
    ),
)

PRINCIPLES: tuple[Principle, ...] = tuple(
    Principle(label.lower().replace(" ", "-"), label)
    for label in (
        "People-centred",
        "International cooperation",
        "National sovereignty",
        "Rule of law and due process",
        "Sustainable development",
        "Human rights",
        "Gender-responsive",
        "Child-sensitive",
        "Whole-of-government",
        "Whole-of-society",
    )
)


def objective(number: int) -> Objective:
    """The objective with this number (1 to 23)."""
    if not 1 <= number <= len(OBJECTIVES):
        raise ValueError(f"GCM objective {number} does not exist: objectives run from 1 to 23")
    return OBJECTIVES[number - 1]
