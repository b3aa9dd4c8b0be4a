"""The starting taxonomies from the domain brief (editors add more as snippets)."""

THEMES = [
    ("governance-administration", "Governance and administration"),
    ("actuarial-financing", "Actuarial and financing"),
    ("digital-transformation", "Digital transformation"),
    ("coverage-extension", "Coverage extension"),
    ("adaptive-social-protection", "Adaptive / shock-responsive social protection"),
    ("legal-framework", "Legal framework"),
]
PROGRAMME_TYPES = [
    ("social-insurance", "Social insurance (contributory)"),
    ("social-assistance", "Social assistance / cash transfers"),
    ("universal-categorical", "Universal or categorical schemes"),
    ("health-protection", "Health protection"),
    ("employment-public-works", "Employment and public works"),
]
RISKS = [
    ("children-family", "Children and family"),
    ("maternity", "Maternity"),
    ("sickness", "Sickness"),
    ("unemployment", "Unemployment"),
    ("employment-injury", "Employment injury"),
    ("disability", "Disability"),
    ("old-age", "Old age"),
    ("survivors", "Survivors"),
    ("health-care", "Health care"),
]
POPULATION_GROUPS = [
    ("informal-economy-workers", "Informal-economy workers"),
    ("self-employed", "Self-employed"),
    ("migrant-workers", "Migrant workers"),
    ("seasonal-rural-workers", "Seasonal and rural workers"),
    ("women", "Women"),
    ("persons-with-disabilities", "Persons with disabilities"),
    ("older-persons", "Older persons"),
]
SEED = {
    "Theme": THEMES,
    "ProgrammeType": PROGRAMME_TYPES,
    "LifeCycleRisk": RISKS,
    "PopulationGroup": POPULATION_GROUPS,
}
