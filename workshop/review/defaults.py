"""What a new round and session start with: the seed's stakeholder groups, two questions per
focus area, and an agenda that follows the seed's review process."""

# The stakeholders the seed names for the annual review (clusters, development companies,
# research and education institutions, regional representatives, businesses), plus the public
# authorities (ELY Centre, the council) who take part too.
STAKEHOLDER_GROUPS = [
    ("klusterit", "Klusterit", "Clusters"),
    ("kehittamisyhtiot", "Kehittämisyhtiöt", "Development companies"),
    (
        "tutkimus-ja-koulutus",
        "Tutkimus- ja koulutuslaitokset",
        "Research and education institutions",
    ),
    ("kunnat", "Kunnat ja alueelliset edustajat", "Municipalities and regional representatives"),
    ("yritykset", "Yritykset ja elinkeinoelämä", "Businesses"),
    ("viranomaiset", "Julkiset viranomaiset", "Public authorities"),
]

QUESTIONS = [
    {
        "key": "edistyminen",
        "text": "Kuinka hyvin painopisteala on edistynyt?",
        "low_label": "Ei lainkaan",
        "high_label": "Erittäin hyvin",
        "en": {
            "text": "How well has the focus area progressed?",
            "low_label": "Not at all",
            "high_label": "Very well",
        },
    },
    {
        "key": "ajankohtaisuus",
        "text": "Kuinka ajankohtainen painopisteala on edelleen?",
        "low_label": "Ei lainkaan",
        "high_label": "Erittäin ajankohtainen",
        "en": {
            "text": "How relevant is the focus area still?",
            "low_label": "Not at all",
            "high_label": "Highly relevant",
        },
    },
]

# A question added from the round page starts with these scale labels, to be edited.
NEW_QUESTION_LABELS = {
    "low_label": "Ei lainkaan",
    "high_label": "Erittäin hyvin",
    "low_label_en": "Not at all",
    "high_label_en": "Very well",
}
