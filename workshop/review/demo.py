"""The review's part of the demo (`workshop demo`, composed in workshop/demo/): last year's
closed round and this year's round with a live session half-way through its agenda,
participants of every stakeholder group and their scores with reasons.

Everything random comes from one ``random.Random(seed)``, so a seed always gives the same
participants, scores and reasons. Rounds, sessions, steps and joins go through the services so
their rules hold; the answers, the bulk of the rows, are inserted in batches.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert

from workshop.extensions import db
from workshop.localtime import from_local, to_local
from workshop.models import utcnow
from workshop.review import participation, services
from workshop.review.models import (
    Answer,
    Participant,
    ReviewRound,
    RoundStatus,
    SessionStatus,
    StepKind,
    WorkshopSession,
)
from workshop.strategy.services import current_version

ANSWER_BATCH = 5000
# The steps the demo session has been through here; proposals.demo then runs the proposals
# and support steps, and the wrap-up is still ahead.
LIVE_STEPS_DONE = (StepKind.WELCOME, StepKind.INDICATORS, StepKind.SCORING)

PROGRESS = "edistyminen"
RELEVANCE = "ajankohtaisuus"

# Stakeholder groups (keys of defaults.STAKEHOLDER_GROUPS) and their share of the room.
GROUP_WEIGHTS = {
    "yritykset": 0.30,
    "tutkimus-ja-koulutus": 0.20,
    "klusterit": 0.15,
    "kehittamisyhtiot": 0.15,
    "kunnat": 0.12,
    "viranomaiset": 0.08,
}

ORGANISATIONS = {
    "klusterit": [
        "Oulu Health",
        "Arctic Drone Labs -klusteri",
        "Pohjoisen energiaklusteri",
        "Kiertotalousklusteri Nordic Loop",
        "Oulun 6G-ekosysteemi",
        "Pohjois-Pohjanmaan ruokaklusteri",
    ],
    "tutkimus-ja-koulutus": [
        "Oulun yliopisto",
        "Oulun ammattikorkeakoulu",
        "VTT Oulu",
        "Luonnonvarakeskus Oulu",
        "Centria-ammattikorkeakoulu",
        "OSAO – Oulun seudun ammattiopisto",
        "Kerttu Saalasti -instituutti",
    ],
    "kehittamisyhtiot": [
        "BusinessOulu",
        "Raahen seudun kehittämisyhtiö Navitas",
        "Ylivieskan seudun kehittämisyhtiö",
        "Haapaveden-Siikalatvan kehittämisyhtiö",
        "Nivala-Haapajärven seudun kehittämisyhtiö",
    ],
    "kunnat": [
        "Oulun kaupunki",
        "Kuusamon kaupunki",
        "Kalajoen kaupunki",
        "Pohjois-Pohjanmaan liitto",
        "Raahen kaupunki",
        "Ylivieskan kaupunki",
        "Iin kunta",
        "Limingan kunta",
    ],
    "yritykset": [
        "Pohjolan Tuulivoima Oy",
        "Arctic Sensor Solutions Oy",
        "Oulun Ohjelmistotalo Oy",
        "Raahen Konepaja Oy",
        "Kalajoen Särkkämatkailu Oy",
        "Siikajoen Maitotilat Oy",
        "Nordic Biohiili Oy",
        "Pohjanmaan Puurakenne Oy",
        "Koillismaan Elämysmatkat Oy",
        "Haukiputaan Metallityö Oy",
        "Oulu MedTech Oy",
        "Limingan Kasvihuoneet Oy",
        "Iin Aurinkoenergia Oy",
        "Pohjoisen Satamalogistiikka Oy",
        "Kuusamon Luontomatkat Oy",
        "Tyrnävän Peruna Oy",
    ],
    "viranomaiset": [
        "Pohjois-Pohjanmaan ELY-keskus",
        "Business Finland",
        "Pohjois-Pohjanmaan hyvinvointialue",
        "Suomen metsäkeskus",
        "Pohjois-Pohjanmaan TE-palvelut",
        "Väylävirasto",
    ],
}

FIRST_NAMES_FI = [
    "Aino", "Anna", "Eeva", "Elina", "Hanna", "Johanna", "Katja", "Laura", "Maria", "Minna",
    "Noora", "Riikka", "Sanna", "Tiina", "Antti", "Eero", "Heikki", "Janne", "Juha", "Jukka",
    "Markku", "Matti", "Mikko", "Pekka", "Petri", "Sami", "Teemu", "Timo", "Ville",
]  # fmt: skip
LAST_NAMES_FI = [
    "Heikkinen", "Hietala", "Kangas", "Karjalainen", "Kemppainen", "Korhonen", "Koskela",
    "Lehtola", "Leinonen", "Mäkelä", "Niemelä", "Pesonen", "Pietilä", "Rautio", "Salmela",
    "Seppänen", "Tervo", "Tolonen", "Turunen", "Väisänen", "Ylitalo",
]  # fmt: skip
NAMES_EN = [
    "Priya Nair", "Lukas Becker", "Ana Morales", "Chen Wei", "Sofia Rossi", "James Walker",
    "Fatima Haddad", "Erik Lindqvist",
]  # fmt: skip

# Base mean of each focus area of the North Ostrobothnia strategy: (progress, relevance).
AREA_MEANS = {
    "digitaaliset-palvelut": (3.6, 4.2),
    "terveys-ja-hyvinvointi": (3.0, 4.1),
    "uudistuva-teollisuus": (3.2, 4.3),
    "energia": (3.4, 4.8),
    "kestava-rakentaminen": (2.8, 3.9),
    "bio-ja-kiertotalous": (3.0, 4.2),
    "elintarviketuotanto": (2.7, 3.6),
    "sijoittumisymparisto": (3.1, 4.3),
    "innovaatiotoiminta-ja-ekosysteemit": (3.3, 4.5),
    "innovatiivinen-matkailu": (2.6, 3.4),
}
DEFAULT_MEANS = (3.0, 4.0)  # a focus area of some other strategy

# How each group scores in general: (progress, relevance) offsets ...
GROUP_BIAS = {
    "yritykset": (-0.25, 0.0),
    "tutkimus-ja-koulutus": (0.1, 0.1),
    "klusterit": (0.1, 0.1),
    "kehittamisyhtiot": (0.15, 0.1),
    "kunnat": (0.2, 0.0),
    "viranomaiset": (0.1, 0.0),
}
# ... and on particular focus areas.
GROUP_AREA_OFFSETS = {
    "yritykset": {
        "digitaaliset-palvelut": (-0.4, 0.0),  # skilled labour is scarce
        "uudistuva-teollisuus": (-0.5, 0.2),
        "sijoittumisymparisto": (-0.6, 0.4),
        "innovaatiotoiminta-ja-ekosysteemit": (-0.3, -0.2),
        "energia": (0.0, 0.2),
    },
    "tutkimus-ja-koulutus": {
        "innovaatiotoiminta-ja-ekosysteemit": (0.7, 0.3),
        "digitaaliset-palvelut": (0.3, 0.1),
        "terveys-ja-hyvinvointi": (0.3, 0.2),
        "innovatiivinen-matkailu": (0.0, -0.4),
    },
    "klusterit": {
        "digitaaliset-palvelut": (0.4, 0.2),
        "terveys-ja-hyvinvointi": (0.4, 0.3),
        "innovaatiotoiminta-ja-ekosysteemit": (0.2, 0.4),
        "elintarviketuotanto": (0.0, -0.3),
    },
    "kehittamisyhtiot": {
        "sijoittumisymparisto": (0.5, 0.5),
        "innovaatiotoiminta-ja-ekosysteemit": (0.3, 0.0),
        "innovatiivinen-matkailu": (0.2, 0.5),
        "energia": (0.3, 0.0),
    },
    "kunnat": {
        "innovatiivinen-matkailu": (0.3, 1.0),
        "sijoittumisymparisto": (0.2, 0.7),
        "kestava-rakentaminen": (0.2, 0.5),
        "terveys-ja-hyvinvointi": (-0.5, 0.2),
        "innovaatiotoiminta-ja-ekosysteemit": (-0.2, -0.2),
    },
    "viranomaiset": {
        "bio-ja-kiertotalous": (0.2, 0.5),
        "elintarviketuotanto": (0.1, 0.5),
        "energia": (0.3, 0.0),
        "innovatiivinen-matkailu": (0.0, -0.3),
    },
}
# What changed since the previous round: last year's means are this year's minus these.
AREA_TRENDS = {
    "digitaaliset-palvelut": (0.3, 0.2),
    "terveys-ja-hyvinvointi": (0.1, 0.0),
    "uudistuva-teollisuus": (0.3, 0.1),
    "energia": (0.5, 0.1),
    "kestava-rakentaminen": (-0.3, -0.1),
    "bio-ja-kiertotalous": (0.2, 0.0),
    "elintarviketuotanto": (-0.1, 0.2),
    "sijoittumisymparisto": (0.2, 0.3),
    "innovaatiotoiminta-ja-ekosysteemit": (0.2, 0.1),
    "innovatiivinen-matkailu": (0.4, 0.2),
}
DEFAULT_TREND = (0.1, 0.0)

SCORE_SPREAD = 0.85  # standard deviation of one score around its mean
PERSON_SPREAD = 0.3  # how much one person is harsher or kinder than their group
DONT_KNOW_SHARE = 0.05
# The chance a score carries a reason: strong views are explained more often (~35 % overall).
REASON_CHANCE = {1: 0.45, 2: 0.38, 3: 0.28, 4: 0.34, 5: 0.4, None: 0.2}

# Reasons by focus area, question and level (low = 1–2, high = 4–5), in Finnish ...
REASONS_FI = {
    "digitaaliset-palvelut": {
        PROGRESS: {
            "low": [
                "Digipalveluita syntyy, mutta pk-yritysten käyttöönotto etenee hitaasti.",
                "Osaavista ohjelmistokehittäjistä on edelleen pulaa, mikä jarruttaa kasvua.",
                "Tietoturvaosaamiseen ei ole panostettu riittävästi suhteessa uhkiin.",
            ],
            "high": [
                "6G- ja ohjelmistoalan osaaminen on vahvistunut selvästi, ja uusia yrityksiä "
                "on syntynyt.",
                "Julkisten palveluiden digitalisointi on edennyt hyvin ja käyttäjätuki parantunut.",
                "Data-analytiikkaa hyödynnetään jo monissa palveluissa arkisesti.",
            ],
        },
        RELEVANCE: {
            "low": [
                "Digitalisaatio on jo kaikkialla – erillisenä painopisteenä se ei erotu.",
                "Painopiste on liian laaja; se pitäisi kohdentaa esimerkiksi tietoturvaan.",
                "Ala kasvaa markkinaehtoisesti ilman strategian tukeakin.",
            ],
            "high": [
                "Tekoäly muuttaa kaikkia toimialoja, joten painopiste on entistä tärkeämpi.",
                "Kyberturvallisuus on noussut keskeiseksi kysymykseksi kaikille toimijoille.",
                "Alueen ICT-vahvuus on kansainvälinen kilpailuetu, jota kannattaa vaalia.",
            ],
        },
    },
    "terveys-ja-hyvinvointi": {
        PROGRESS: {
            "low": [
                "Hyvinvointialueen talousvaikeudet ovat hidastaneet uusien ratkaisujen "
                "käyttöönottoa.",
                "Terveysdatan toisiokäyttö on edelleen hankalaa ja lupaprosessit hitaita.",
                "Pilotteja on paljon, mutta harva ratkaisu leviää laajempaan käyttöön.",
            ],
            "high": [
                "Terveysteknologian yrityksiä ja sensoriosaamista on alueella enemmän kuin "
                "koskaan.",
                "Yliopistosairaalan ja yritysten yhteiset testiympäristöt toimivat hyvin.",
                "Ennaltaehkäisevän terveydenhuollon kokeiluista on saatu hyviä tuloksia.",
            ],
        },
        RELEVANCE: {
            "low": [
                "Painopiste on tärkeä, mutta alueen omat vaikutusmahdollisuudet ovat rajalliset.",
                "Terveysala saa rahoitusta muutenkin; strategian painotus voisi olla muualla.",
                "Ala on niin tiukasti säännelty, että alueellinen strategia vaikuttaa vähän.",
            ],
            "high": [
                "Väestön ikääntyminen tekee ennaltaehkäisevistä ratkaisuista välttämättömiä.",
                "Terveysteknologian vienti on alueelle merkittävä kasvumahdollisuus.",
                "Hoitajapula pakottaa etsimään uusia digitaalisia ja etäratkaisuja.",
            ],
        },
    },
    "uudistuva-teollisuus": {
        PROGRESS: {
            "low": [
                "Vähäpäästöiset investoinnit ovat vasta suunnitteluvaiheessa, päätöksiä odotetaan.",
                "Automaation hyödyntäminen pk-teollisuudessa on edennyt hitaasti.",
                "Osaavan työvoiman puute jarruttaa teollisuuden uudistumista.",
            ],
            "high": [
                "Terästeollisuuden vetyhankkeet ja sähköistäminen etenevät konkreettisesti.",
                "Automaatioinvestoinnit ovat lisänneet tuottavuutta monessa konepajassa.",
                "Energiatehokkuus on parantunut selvästi tuotantolaitoksissa.",
            ],
        },
        RELEVANCE: {
            "low": [
                "Painopiste menee osin päällekkäin energia-alan kanssa.",
                "Suuret teollisuusyritykset uudistuvat omin voimin ilman strategiaakin.",
                "Painopisteen sisältö on liian yleinen ohjaamaan rahoituspäätöksiä.",
            ],
            "high": [
                "Vihreä siirtymä on alueen teollisuudelle nyt ratkaiseva kilpailutekijä.",
                "Päästövähennysvelvoitteet kiristyvät, joten uudistumisen on jatkuttava.",
                "Uudet energiaverkostot ja teollisuus kytkeytyvät yhä tiiviimmin toisiinsa.",
            ],
        },
    },
    "energia": {
        PROGRESS: {
            "low": [
                "Sähköverkon kapasiteetti ei ole pysynyt tuulivoiman kasvun mukana.",
                "Varastointiratkaisut ovat vielä pääosin kokeiluasteella.",
                "Lupaprosessit ovat hitaita ja viivästyttävät uusia hankkeita.",
            ],
            "high": [
                "Tuulivoimarakentaminen on ollut alueella ennätyksellistä.",
                "Aurinkovoimaa ja lämmön varastointia on otettu käyttöön nopeasti.",
                "Alueesta on tullut houkutteleva kohde energiaintensiivisille investoinneille.",
            ],
        },
        RELEVANCE: {
            "low": [
                "Energiamarkkina ohjaa kehitystä strategiaa vahvemmin.",
                "Tuotanto on jo hyvällä mallilla – painopisteen voisi siirtää energian käyttöön.",
                "Tuulivoiman rakentamisen tahti on niin kova, ettei strategian tukea tarvita.",
            ],
            "high": [
                "Energiaomavaraisuus on noussut turvallisuuskysymykseksi.",
                "Varastointi ja hybridijärjestelmät ovat seuraavien vuosien ratkaiseva kysymys.",
                "Puhdas ja edullinen sähkö on alueen tärkein vetovoimatekijä investoijille.",
            ],
        },
    },
    "kestava-rakentaminen": {
        PROGRESS: {
            "low": [
                "Rakentamisen heikko suhdanne on pysäyttänyt monta kehityshanketta.",
                "Joukkoliikenteen ja raideyhteyksien kehittäminen on junnannut paikallaan.",
                "Puurakentamisesta puhutaan paljon, mutta toteutuksia on vähän.",
            ],
            "high": [
                "Energiatehokkaat korjausratkaisut ovat yleistyneet nopeasti.",
                "Logistiikkakeskusten ja satamien kehittäminen on edennyt hyvin.",
                "Puukerrostaloja ja vähähiilisiä materiaaleja on käytetty uusissa kohteissa.",
            ],
        },
        RELEVANCE: {
            "low": [
                "Rakentamisen hiljainen vaihe vähentää painopisteen merkitystä juuri nyt.",
                "Liikennehankkeet ratkaistaan valtakunnallisesti eikä alueen strategiassa.",
                "Painopisteessä on liian monta erillistä asiaa yhdessä.",
            ],
            "high": [
                "Raideyhteydet ja logistiikka ovat elinkeinoelämälle kriittisiä.",
                "Rakennusten energiatehokkuusvaatimukset kiristyvät EU:ssa.",
                "Kestävä liikkuminen on tärkeää myös harvaan asutuilla alueilla.",
            ],
        },
    },
    "bio-ja-kiertotalous": {
        PROGRESS: {
            "low": [
                "Sivuvirtojen tuotteistaminen on jäänyt selvityksiksi ja pilotoinneiksi.",
                "Kiertotalouden liiketoimintamallit eivät vielä kannata ilman tukea.",
                "Ravinnekierrot maatalouden ja teollisuuden välillä ovat edistyneet hitaasti.",
            ],
            "high": [
                "Biohiili- ja biokaasuhankkeita on käynnistynyt useilla paikkakunnilla.",
                "Teollisuuden sivuvirroille on löytynyt uusia ostajia ja tuotteita.",
                "Metsäbiotalouden tutkimus ja yritysyhteistyö ovat vahvistuneet.",
            ],
        },
        RELEVANCE: {
            "low": [
                "Kiertotalous on tärkeää, mutta alueen vahvuudet ovat muualla.",
                "Painopiste on osin päällekkäinen elintarviketuotannon kanssa.",
                "Biotalouden markkinat kehittyvät hitaasti, eikä strategia muuta sitä.",
            ],
            "high": [
                "Raaka-aineiden hinnat nousevat, joten kierrätysmateriaaleille on kysyntää.",
                "Alueen metsä- ja suovarat tekevät biotaloudesta luontevan vahvuuden.",
                "EU:n kiertotaloussäätely tuo yrityksille uusia velvoitteita ja mahdollisuuksia.",
            ],
        },
    },
    "elintarviketuotanto": {
        PROGRESS: {
            "low": [
                "Tilojen kannattavuus on heikentynyt, eikä investointeihin ole varaa.",
                "Automaatiota hyödynnetään vasta harvoilla tiloilla.",
                "Hiiltä sitovan viljelyn ansaintamallit puuttuvat yhä.",
            ],
            "high": [
                "Maitotiloilla robotiikka ja datan hyödyntäminen ovat yleistyneet nopeasti.",
                "Paikallisen ruoan jalostus ja lähiruokaketjut ovat vahvistuneet.",
                "Hiiliviljelyn kokeiluihin on saatu mukaan paljon tiloja.",
            ],
        },
        RELEVANCE: {
            "low": [
                "Alkutuotannon haasteet ovat enemmän maatalouspoliittisia kuin "
                "innovaatiokysymyksiä.",
                "Painopiste koskee vain pientä osaa alueen yrityksistä.",
                "Elintarvikeala kehittyy ennemmin kansallisten ohjelmien kautta.",
            ],
            "high": [
                "Huoltovarmuus ja ruoan omavaraisuus ovat nousseet keskeisiksi.",
                "Pohjois-Pohjanmaa on maitotalouden ydinaluetta – alan uudistuminen on tärkeää.",
                "Ilmastotavoitteet edellyttävät ruoantuotannon nopeaa kehittämistä.",
            ],
        },
    },
    "sijoittumisymparisto": {
        PROGRESS: {
            "low": [
                "Osaajien houkuttelu ulkomailta on työlästä, ja kotoutumispalvelut ovat "
                "puutteellisia.",
                "Lentoyhteydet ovat heikentyneet, mikä vaikeuttaa kansainvälisiä investointeja.",
                "Asuntoja ja palveluita ei ole riittävästi pienemmillä paikkakunnilla.",
            ],
            "high": [
                "Alueelle on saatu useita suuria investointeja, ja kiinnostus on kasvanut.",
                "Kansainvälisten osaajien vastaanottopalvelut ovat kehittyneet hyvin.",
                "Alueen markkinointi sijoittumiskohteena on ammattimaistunut.",
            ],
        },
        RELEVANCE: {
            "low": [
                "Sijoittumisympäristö on tärkeä, mutta ei varsinainen innovaatiopainopiste.",
                "Painopistettä on vaikea mitata ja kytkeä muuhun strategiaan.",
                "Tämä kuuluu kuntien elinvoimatyöhön enemmän kuin älykkääseen erikoistumiseen.",
            ],
            "high": [
                "Työvoiman saatavuus on monen yrityksen kasvun suurin este.",
                "Vihreän siirtymän investoinneista kilpaillaan kansainvälisesti juuri nyt.",
                "Vetovoimainen asuin- ja työympäristö ratkaisee, jäävätkö valmistuneet alueelle.",
            ],
        },
    },
    "innovaatiotoiminta-ja-ekosysteemit": {
        PROGRESS: {
            "low": [
                "Yritysten omat TKI-panostukset ovat jääneet tavoitteesta.",
                "Ekosysteemejä on paljon, mutta niiden työ on hajanaista ja päällekkäistä.",
                "Pk-yritykset eivät vielä löydä tietään korkeakoulujen kanssa yhteistyöhön.",
            ],
            "high": [
                "Yritysten ja korkeakoulujen yhteishankkeita on aiempaa enemmän.",
                "Ekosysteemisopimus on tuonut kumppanit saman pöydän ääreen.",
                "Alue on menestynyt hyvin eurooppalaisissa TKI-hauissa.",
            ],
        },
        RELEVANCE: {
            "low": [
                "Painopiste on läpileikkaava, eikä sitä tarvitse arvioida erikseen.",
                "Verkostotyötä on jo niin paljon, ettei uusia rakenteita tarvita.",
                "Tavoite on tärkeä, mutta liian abstrakti ohjaamaan toimintaa.",
            ],
            "high": [
                "Kansallisen TKI-rahoituksen kasvu on mahdollisuus, johon on tartuttava nyt.",
                "Vahvat ekosysteemit ovat edellytys kansainväliselle rahoitukselle.",
                "TKI-toiminta on koko strategian moottori.",
            ],
        },
    },
    "innovatiivinen-matkailu": {
        PROGRESS: {
            "low": [
                "Matkailu keskittyy yhä harvoihin kohteisiin, ja digitaalisia palveluita on vähän.",
                "Matkailun ympärivuotisuus ei ole juuri edistynyt.",
                "Kansainvälinen saavutettavuus on heikentynyt.",
            ],
            "high": [
                "Kulttuuripääkaupunkihanke on tuonut alueelle näkyvyyttä ja uusia "
                "matkailutuotteita.",
                "Kuusamon ja Kalajoen kansainväliset matkailijamäärät ovat kasvaneet.",
                "Luontomatkailun digitaalisia palveluita on otettu käyttöön laajasti.",
            ],
        },
        RELEVANCE: {
            "low": [
                "Matkailu on tärkeää muutamalle kunnalle, mutta maakunnan tasolla vähemmän.",
                "Matkailun kehittämisessä innovaatiot ovat sivuroolissa.",
                "Matkailu sopii muihin ohjelmiin paremmin kuin älykkääseen erikoistumiseen.",
            ],
            "high": [
                "Matkailu tuo elinvoimaa ja työpaikkoja myös maaseudulle.",
                "Kansainvälinen kiinnostus pohjoiseen luontoon kasvaa vahvasti.",
                "Ympärivuotinen matkailu on pienten kuntien elinvoimalle ratkaisevaa.",
            ],
        },
    },
}
# ... for middling scores, "don't know" and focus areas of some other strategy ...
GENERIC_FI = {
    PROGRESS: {
        "low": [
            "Edistystä ei juuri näy, vaikka tavoitteet ovat hyviä.",
            "Hankkeita on käynnistetty, mutta tuloksia ei vielä ole.",
            "Resurssit eivät ole riittäneet tavoitteiden toteuttamiseen.",
        ],
        "mid": [
            "Jotain on tapahtunut, mutta vaikutukset eivät vielä näy.",
            "Kehitys on ollut tasaista, ei suuria muutoksia suuntaan tai toiseen.",
            "Hyviä hankkeita on, mutta kokonaisuus jää hajanaiseksi.",
            "Vaikea arvioida, kun seurantatietoa on vähän.",
        ],
        "high": [
            "Selvää edistystä, ja tulokset näkyvät jo yrityksissä.",
            "Hankkeet ovat edenneet suunnitellusti.",
            "Kehitys on ollut odotettua nopeampaa.",
        ],
    },
    RELEVANCE: {
        "low": [
            "Painopisteen merkitys on vähentynyt strategian laatimisen jälkeen.",
            "Tämä ei ole alueen kiireellisimpiä asioita.",
            "Painopisteen voisi yhdistää johonkin toiseen.",
        ],
        "mid": [
            "Tärkeä, mutta ei alueen kiireellisimpiä asioita.",
            "Osittain ajankohtainen – painopisteen sisältöä kannattaisi päivittää.",
            "Merkitys vaihtelee paljon seutukunnittain.",
        ],
        "high": [
            "Erittäin ajankohtainen, tähän kannattaa panostaa jatkossakin.",
            "Painopisteen merkitys on vain kasvanut viime vuosina.",
            "Tämä on alueen tulevaisuuden kannalta keskeistä.",
        ],
    },
    "dont_know": [
        "En tunne tätä alaa riittävästi arvioidakseni.",
        "Ei omaa kokemusta tästä painopisteestä.",
        "Tästä pitäisi kysyä alan toimijoilta.",
    ],
}
# ... and what only one stakeholder group says: on a focus area, or of any focus area.
GROUP_REASONS_FI = {
    "yritykset": {
        ("energia", RELEVANCE, "high"): [
            "Sähkön hinta ja saatavuus ratkaisevat investoinnit – tuulivoimaa tarvitaan lisää.",
            "Meille edullinen sähkö on tärkein syy pysyä alueella.",
        ],
        ("uudistuva-teollisuus", PROGRESS, "low"): [
            "Emme saa rekrytoitua hitsaajia ja automaatioasentajia – osaajapula rajoittaa kasvua.",
            "Investointitukien hakeminen on pienelle konepajalle liian raskasta.",
        ],
        ("sijoittumisymparisto", PROGRESS, "low"): [
            "Ulkomaisen rekrytoinnin lupaprosessit kestävät kuukausia, se on meille iso ongelma.",
            "Emme löydä työntekijöitä, vaikka tilauskanta olisi hyvä.",
        ],
        ("digitaaliset-palvelut", PROGRESS, "low"): [
            "Ohjelmistokehittäjistä kilpaillaan kovasti, emmekä pärjää pääkaupunkiseudun "
            "palkoille.",
        ],
        ("innovaatiotoiminta-ja-ekosysteemit", PROGRESS, "low"): [
            "TKI-rahoituksen hakeminen on pienelle yritykselle liian raskasta.",
            "Ekosysteemit palvelevat lähinnä suuria yrityksiä.",
        ],
        (PROGRESS, "low"): [
            "Yrityksen näkökulmasta muutos ei vielä näy arjessa.",
            "Byrokratia ja hitaat rahoituspäätökset syövät hyötyjä.",
        ],
        (PROGRESS, "high"): ["Olemme saaneet tätä kautta suoraan uusia asiakkuuksia."],
        (RELEVANCE, "high"): ["Tällä on suora vaikutus yrityksemme kilpailukykyyn."],
    },
    "tutkimus-ja-koulutus": {
        ("innovaatiotoiminta-ja-ekosysteemit", PROGRESS, "high"): [
            "Yhteishankkeet yritysten kanssa ovat lisääntyneet, mutta kansainvälinen "
            "rahoitus jää vähäiseksi.",
            "Tutkimusinfrastruktuureja käytetään yhä enemmän yritysten kanssa.",
        ],
        ("innovaatiotoiminta-ja-ekosysteemit", PROGRESS, "low"): [
            "Perusrahoituksen leikkaukset näkyvät tutkimusryhmien resursseissa.",
        ],
        ("terveys-ja-hyvinvointi", PROGRESS, "high"): [
            "Kliinisen tutkimuksen ja yritysten yhteistyö on tiivistynyt.",
        ],
        ("digitaaliset-palvelut", PROGRESS, "high"): [
            "6G-tutkimuksen tulokset siirtyvät jo yritysten tuotekehitykseen.",
        ],
        ("sijoittumisymparisto", RELEVANCE, "high"): [
            "Kansainväliset opiskelijat pitäisi saada jäämään alueelle valmistumisen jälkeen.",
        ],
        (PROGRESS, "low"): ["Tutkimustulosten hyödyntäminen yrityksissä on yhä sattumanvaraista."],
        (PROGRESS, "high"): [
            "Opinnäytetöitä ja harjoitteluja tehdään alan yrityksiin yhä enemmän."
        ],
        (RELEVANCE, "high"): ["Alan koulutustarjonta pitää mitoittaa tämän painopisteen mukaan."],
    },
    "klusterit": {
        ("terveys-ja-hyvinvointi", PROGRESS, "high"): [
            "Klusterin kautta on käynnistynyt useita yritysten yhteiskehityshankkeita.",
        ],
        ("digitaaliset-palvelut", RELEVANCE, "high"): [
            "Klusterin jäsenyritykset tarvitsevat tukea tekoälyn käyttöönotossa.",
        ],
        ("innovaatiotoiminta-ja-ekosysteemit", PROGRESS, "low"): [
            "Klustereiden rahoitus on pätkittäistä, mikä vaikeuttaa pitkäjänteistä työtä.",
        ],
        ("innovaatiotoiminta-ja-ekosysteemit", RELEVANCE, "high"): [
            "Ekosysteemien orkestrointi on nyt tärkeämpää kuin koskaan.",
        ],
        (PROGRESS, "low"): ["Klustereiden roolia ei vielä tunnisteta rahoittajien päätöksissä."],
        (PROGRESS, "high"): ["Jäsenyritysten väliset yhteishankkeet ovat lisääntyneet."],
    },
    "kehittamisyhtiot": {
        ("sijoittumisymparisto", PROGRESS, "high"): [
            "Investointikyselyitä on tullut ennätysmäärä, ja tonttitarjontaa on kehitetty.",
        ],
        ("sijoittumisymparisto", RELEVANCE, "high"): [
            "Sijoittumispalvelut ovat seutukunnan elinvoiman ydintä.",
        ],
        ("energia", RELEVANCE, "high"): [
            "Tuulivoiman kiinteistöverotulot ja investoinnit muuttavat seutujen taloutta.",
        ],
        (PROGRESS, "low"): ["Seutukuntien välillä on isoja eroja – pienimmät eivät pysy mukana."],
        (PROGRESS, "high"): ["Yritysneuvonnassa näkyy selvä kasvu tämän alan kysymyksissä."],
        (RELEVANCE, "high"): ["Seudun yrityksille tämä on tärkeimpiä kasvun lähteitä."],
    },
    "kunnat": {
        ("innovatiivinen-matkailu", RELEVANCE, "high"): [
            "Matkailu on kunnallemme tärkein vetovoimatekijä ja työllistäjä.",
            "Matkailijat pitävät kylien palvelut auki ympäri vuoden.",
        ],
        ("sijoittumisymparisto", RELEVANCE, "high"): [
            "Kunnan elinvoima riippuu siitä, saammeko uusia asukkaita ja yrityksiä.",
        ],
        ("kestava-rakentaminen", RELEVANCE, "high"): [
            "Kaavoituksessa ja joukkoliikenteessä kunnat ovat ratkaisevassa asemassa.",
        ],
        ("terveys-ja-hyvinvointi", PROGRESS, "low"): [
            "Sote-palveluiden saatavuus on heikentynyt pienissä kunnissa.",
        ],
        (PROGRESS, "low"): ["Pienten kuntien resurssit eivät riitä hankkeiden valmisteluun."],
        (PROGRESS, "high"): ["Kunnan ja yritysten yhteistyö on parantunut selvästi."],
    },
    "viranomaiset": {
        ("bio-ja-kiertotalous", RELEVANCE, "high"): [
            "Kiertotalous on keskeinen osa alueen ilmasto- ja rahoitusohjelmia.",
        ],
        ("energia", PROGRESS, "high"): [
            "Energiahankkeisiin on haettu rahoitusta ennätysmäärä.",
        ],
        ("elintarviketuotanto", RELEVANCE, "high"): [
            "Huoltovarmuuden kannalta omavarainen ruokaketju on välttämätön.",
        ],
        (PROGRESS, "low"): ["Hankkeiden tulokset eivät vielä näy alueen indikaattoreissa."],
        (PROGRESS, "high"): ["Rahoitetut hankkeet ovat edenneet suunnitellusti."],
        (RELEVANCE, "high"): [
            "Painopiste on linjassa kansallisten ja EU:n rahoitusohjelmien kanssa."
        ],
    },
}
# English reasons for participants who answer in English.
REASONS_EN = {
    "digitaaliset-palvelut": {
        PROGRESS: {
            "low": ["SMEs are slow to adopt new digital services, and developers are scarce."],
            "high": ["The 6G and software ecosystem has clearly grown stronger."],
        },
        RELEVANCE: {
            "low": ["Digitalisation is everywhere now; it hardly needs its own focus area."],
            "high": ["AI is changing every industry, so this matters more than ever."],
        },
    },
    "terveys-ja-hyvinvointi": {
        PROGRESS: {
            "low": ["Many pilots, but few solutions spread into everyday care."],
            "high": ["Health tech companies and test beds are thriving in Oulu."],
        },
        RELEVANCE: {
            "low": ["Important, but regional influence over health care is limited."],
            "high": ["An ageing population makes preventive solutions essential."],
        },
    },
    "uudistuva-teollisuus": {
        PROGRESS: {
            "low": ["Low-emission investments are still at the planning stage."],
            "high": ["Hydrogen and electrification projects are moving forward."],
        },
        RELEVANCE: {
            "low": ["Overlaps heavily with the energy focus area."],
            "high": ["The green transition decides the competitiveness of local industry."],
        },
    },
    "energia": {
        PROGRESS: {
            "low": ["Grid capacity has not kept up with new wind power."],
            "high": ["Wind power construction has been at a record level."],
        },
        RELEVANCE: {
            "low": ["The energy market drives this more than the strategy does."],
            "high": ["Clean, affordable electricity is what attracts investors here."],
        },
    },
    "kestava-rakentaminen": {
        PROGRESS: {
            "low": ["The construction slump has stalled many projects."],
            "high": ["Energy-efficient renovation has become common quickly."],
        },
        RELEVANCE: {
            "low": ["Transport decisions are made nationally, not regionally."],
            "high": ["Rail links and logistics are critical for businesses."],
        },
    },
    "bio-ja-kiertotalous": {
        PROGRESS: {
            "low": ["Side-stream products have not got past pilots yet."],
            "high": ["Several biochar and biogas projects have started."],
        },
        RELEVANCE: {
            "low": ["Circular economy matters, but the region's strengths lie elsewhere."],
            "high": ["Rising raw material prices create demand for recycled materials."],
        },
    },
    "elintarviketuotanto": {
        PROGRESS: {
            "low": ["Farm profitability is too weak for investment."],
            "high": ["Robotics and data are now common on dairy farms."],
        },
        RELEVANCE: {
            "low": ["These are agricultural policy questions more than innovation ones."],
            "high": ["Food security and self-sufficiency have become key issues."],
        },
    },
    "sijoittumisymparisto": {
        PROGRESS: {
            "low": ["Recruiting from abroad is slow, and integration services are lacking."],
            "high": ["Services for international talent have improved a lot."],
        },
        RELEVANCE: {
            "low": ["This is municipal development work rather than smart specialisation."],
            "high": ["Availability of skilled labour is the biggest barrier to growth."],
        },
    },
    "innovaatiotoiminta-ja-ekosysteemit": {
        PROGRESS: {
            "low": ["There are many ecosystems, but their work is fragmented."],
            "high": ["Joint projects between companies and universities have increased."],
        },
        RELEVANCE: {
            "low": ["A cross-cutting goal that needs no separate assessment."],
            "high": ["Strong ecosystems are the key to international funding."],
        },
    },
    "innovatiivinen-matkailu": {
        PROGRESS: {
            "low": ["Year-round tourism has hardly progressed."],
            "high": ["International visitor numbers in Kuusamo and Kalajoki have grown."],
        },
        RELEVANCE: {
            "low": ["Tourism matters to a few municipalities, less to the whole region."],
            "high": ["International interest in northern nature keeps growing."],
        },
    },
}
GENERIC_EN = {
    PROGRESS: {
        "low": ["Little visible progress so far.", "Projects started, but no results yet."],
        "mid": ["Some progress, but the impact is not visible yet.", "Hard to say; mixed results."],
        "high": ["Clear progress that companies already notice.", "Better than expected."],
    },
    RELEVANCE: {
        "low": ["Less relevant than when the strategy was written."],
        "mid": ["Relevant, but not the most urgent issue.", "Its content should be updated."],
        "high": ["Highly relevant, keep investing in this.", "Even more important now."],
    },
    "dont_know": ["I don't know this field well enough.", "No personal experience of this area."],
}


def create_demo_rounds(participants: int, rng: random.Random) -> ReviewRound:
    """Last year's closed round and this year's demo round with ``participants`` people who
    scored every focus area in its "Oulu" session (flushes only; the caller commits)."""
    version = current_version()
    today = to_local(utcnow()).date()  # the council's today, not the server's
    year = today.year

    earlier = services.create_round(
        version,
        f"Vuosiarviointi {year - 1}",
        year - 1,
        description="Edellisen vuoden arviointi (esittelyaineisto).",
    )
    earlier_session = services.create_session(
        earlier, "Oulu", "Oulun kaupungintalo", _local(_a_year_before(today), 9)
    )
    _run_workshop(earlier_session, rng, max(5, round(participants / 3)), previous=True)
    services.set_round_status(earlier, RoundStatus.CLOSED)

    review_round = services.create_round(
        version,
        f"Vuosiarviointi {year}",
        year,
        description=(
            "Pohjois-Pohjanmaan älykkään erikoistumisen strategian vuosiarviointi: "
            "painopistealojen edistyminen ja ajankohtaisuus sidosryhmien arvioimana "
            "(esittelyaineisto)."
        ),
    )
    # This year's Oulu session asks for name and organisation, to show the setting in use.
    oulu = services.create_session(
        review_round, "Oulu", "Oulun kaupungintalo", _local(today, 9), ask_identity=True
    )
    services.create_session(
        review_round,
        "Raahe",
        "Raahen seudun kehittämisyhtiö",
        _local(today + timedelta(days=14), 13),
    )
    _run_workshop(oulu, rng, participants, previous=False)
    return review_round


# The workshop -----------------------------------------------------------------------------


def _run_workshop(
    session: WorkshopSession,
    rng: random.Random,
    count: int,
    *,
    previous: bool,
) -> list[Participant]:
    """Open the session, let ``count`` people join and walk the agenda with everyone scoring
    every focus area. This year's session stops after the scoring steps, open with no step
    open, for a facilitator to continue live; last year's went through the whole agenda."""
    services.set_session_status(session, SessionStatus.OPEN)
    people = [
        participation.join_session(
            session, group, organisation=organisation, name=name, locale=locale
        )
        for group, organisation, name, locale in _people(rng, count)
    ]
    questions = {question.key: question for question in session.review_round.questions}
    personal = [{key: rng.gauss(0, PERSON_SPREAD) for key in questions} for _ in people]
    group_keys = {group.id: group.key for group in session.review_round.groups}
    rows: list[dict] = []
    for step in session.steps:
        if not previous and step.kind not in LIVE_STEPS_DONE:
            continue
        services.open_step(step)
        if step.kind == StepKind.SCORING:
            now = utcnow()
            for area in services.step_focus_areas(step):
                for person, bias in zip(people, personal, strict=True):
                    for question in questions.values():
                        value = _score(
                            rng,
                            group_keys[person.group_id],
                            area.key,
                            question.key,
                            bias.get(question.key, 0.0),
                            previous=previous,
                            low=question.scale_min,
                            high=question.scale_max,
                            dont_know=question.allow_dont_know,
                        )
                        rows.append(
                            {
                                "participant_id": person.id,
                                "group_id": person.group_id,
                                "question_id": question.id,
                                "focus_area_key": area.key,
                                "session_id": session.id,
                                "step_id": step.id,
                                "value": value,
                                "reason": _reason(
                                    rng,
                                    group_keys[person.group_id],
                                    area.key,
                                    question,
                                    value,
                                    person.locale,
                                ),
                                "created_at": now,
                                "updated_at": now,
                            }
                        )
                        if len(rows) >= ANSWER_BATCH:
                            _insert_answers(rows)
            _insert_answers(rows)
            services.set_results_visible(step, True)
        services.close_step(step)
    return people


def _insert_answers(rows: list[dict]) -> None:
    """Insert a batch of answers as one executemany (faster than multi-row VALUES here)."""
    if rows:
        db.session.execute(insert(Answer), rows)
        rows.clear()


def _people(rng: random.Random, count: int) -> list[tuple[str, str, str, str]]:
    """(group key, organisation, name, locale) of ``count`` people in a shuffled order."""
    groups = [key for key, n in _apportion(count).items() for _ in range(n)]
    rng.shuffle(groups)
    people = []
    for group in groups:
        locale = "en" if rng.random() < 0.1 else "fi"
        organisation = rng.choice(ORGANISATIONS[group])
        name = ""
        if rng.random() < 0.2:
            if locale == "en":
                name = rng.choice(NAMES_EN)
            elif rng.random() < 0.3:
                name = rng.choice(FIRST_NAMES_FI)
            else:
                name = f"{rng.choice(FIRST_NAMES_FI)} {rng.choice(LAST_NAMES_FI)}"
        people.append((group, organisation, name, locale))
    return people


def _apportion(count: int) -> dict[str, int]:
    """How many of ``count`` belong to each group by GROUP_WEIGHTS (largest remainders),
    with every group present once there are at least as many people as groups."""
    exact = {key: count * weight for key, weight in GROUP_WEIGHTS.items()}
    counts = {key: int(value) for key, value in exact.items()}
    by_remainder = sorted(exact, key=lambda key: exact[key] - counts[key], reverse=True)
    for key in by_remainder[: count - sum(counts.values())]:
        counts[key] += 1
    if count >= len(counts):
        for key in counts:
            if counts[key] == 0:
                largest = max(counts, key=lambda k: counts[k])
                counts[largest] -= 1
                counts[key] += 1
    return counts


def _score(
    rng: random.Random,
    group: str,
    area: str,
    question: str,
    bias: float,
    *,
    previous: bool,
    low: int,
    high: int,
    dont_know: bool,
) -> int | None:
    """One person's score, or None for "don't know"."""
    if dont_know and rng.random() < DONT_KNOW_SHARE:
        return None
    mean = 3.5  # a question the facilitator added to the defaults
    if question in (PROGRESS, RELEVANCE):
        index = 0 if question == PROGRESS else 1
        mean = AREA_MEANS.get(area, DEFAULT_MEANS)[index]
        mean += GROUP_BIAS.get(group, (0.0, 0.0))[index]
        mean += GROUP_AREA_OFFSETS.get(group, {}).get(area, (0.0, 0.0))[index]
        if previous:
            mean -= AREA_TRENDS.get(area, DEFAULT_TREND)[index]
    # Means are on the default 1–5 scale; a round with another scale gets them stretched.
    scaled = low + (mean - 1) * (high - low) / 4
    value = round(rng.gauss(scaled, SCORE_SPREAD * (high - low) / 4) + bias)
    return min(max(value, low), high)


def _level(value: int | None, low: int, high: int) -> str:
    if value is None:
        return "dont_know"
    third = (high - low) / 3
    if value < low + third:
        return "low"
    if value > high - third:
        return "high"
    return "mid"


def _reason(
    rng: random.Random, group: str, area: str, question, value: int | None, locale: str
) -> str:
    """A short reason fitting the group, focus area and score, or "" (most give none)."""
    level = _level(value, question.scale_min, question.scale_max)
    chance = REASON_CHANCE[None] if value is None else REASON_CHANCE.get(value, 0.35)
    if rng.random() >= chance:
        return ""
    if level == "dont_know":
        return rng.choice((GENERIC_EN if locale == "en" else GENERIC_FI)["dont_know"])
    if locale == "en":
        options = REASONS_EN.get(area, {}).get(question.key, {}).get(level)
        return _pick(rng, options, GENERIC_EN.get(question.key, GENERIC_EN[PROGRESS])[level])
    # What the group says of this focus area often, what it says of any area sometimes.
    group_reasons = GROUP_REASONS_FI.get(group, {})
    specific = group_reasons.get((area, question.key, level))
    general = group_reasons.get((question.key, level))
    roll = rng.random()
    if specific and roll < 0.45:
        return rng.choice(specific)
    if general and roll > 0.8:
        return rng.choice(general)
    options = REASONS_FI.get(area, {}).get(question.key, {}).get(level)
    return _pick(rng, options, GENERIC_FI.get(question.key, GENERIC_FI[PROGRESS])[level])


def _pick(rng: random.Random, options: Sequence[str] | None, fallback: Sequence[str]) -> str:
    return rng.choice(options) if options else rng.choice(fallback)


# Dates ------------------------------------------------------------------------------------


def _local(day: date, hour: int) -> datetime:
    """``hour`` o'clock on ``day`` in the configured zone, as a UTC-aware datetime."""
    return from_local(datetime.combine(day, time(hour)))


def _a_year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
