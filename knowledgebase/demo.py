"""Demo content for the knowledge base: themes, articles in Dutch and French, a few documents.

Every text is written for this demo; the BINs, people and places named in them are fictitious.
`seed()` is safe to run again (rows are matched on their slug or title). `generate_articles()`
fills the database with many generated articles to measure search and page speed.
"""

import itertools
import random
import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from knowledgebase.models import Article, Document, Theme
from knowledgebase.text import fold, html_to_text
from members.models import BIN, BINRole, Province, User

THEMES = [
    (
        "inbraakpreventie",
        "Inbraakpreventie",
        "Prévention des cambriolages",
        "Hoe u het inbrekers moeilijk maakt: sloten, verlichting, goede gewoonten en oog voor "
        "elkaars woning.",
        "Comment compliquer la tâche des cambrioleurs : serrures, éclairage, bonnes habitudes "
        "et attention aux logements des voisins.",
    ),
    (
        "fietsdiefstal",
        "Fietsdiefstal",
        "Vol de vélos",
        "Fietsen registreren, graveren en goed vastmaken, en wat te doen na een diefstal.",
        "Enregistrer, graver et bien attacher son vélo, et que faire après un vol.",
    ),
    (
        "phishing-en-fraude",
        "Phishing en fraude",
        "Hameçonnage et fraude",
        "Valse berichten, oplichters aan de telefoon en aan de deur: herkennen en melden.",
        "Faux messages, escrocs au téléphone et à la porte : les reconnaître et les signaler.",
    ),
    (
        "brand-en-co",
        "Brand en CO",
        "Incendie et CO",
        "Rookmelders, CO-melders, veilig stoken en een evacuatieplan voor het hele gezin.",
        "Détecteurs de fumée et de CO, chauffage sûr et plan d'évacuation pour toute la famille.",
    ),
    (
        "een-bin-starten",
        "Een BIN starten",
        "Lancer un PLP",
        "Van het eerste idee tot het ondertekende charter: de stappen, de partners en de timing.",
        "De la première idée à la charte signée : les étapes, les partenaires et le calendrier.",
    ),
    (
        "communicatie-in-een-bin",
        "Communicatie in een BIN",
        "Communication dans un PLP",
        "Berichten doorgeven, leden betrokken houden en de regels die daarbij horen.",
        "Relayer les messages, garder les membres impliqués et les règles à respecter.",
    ),
    (
        "bin-z",
        "BIN-Z voor ondernemers",
        "PLP-I pour les indépendants",
        "Buurtinformatienetwerken voor zelfstandigen, winkels en bedrijven.",
        "Partenariats locaux de prévention pour indépendants, commerces et entreprises.",
    ),
]


def p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


# Each entry: kind, themes, extra options, then the Dutch and the French version as
# (slug, title, summary, body[, problem, approach, result, effort]).
ARTICLES = [
    {
        "kind": Article.Kind.GUIDE,
        "themes": ["inbraakpreventie"],
        "featured": True,
        "days_ago": 40,
        "documents": ["checklist-inbraakpreventie"],
        "nl": (
            "inbraakpreventie-tien-tips",
            "Inbraakpreventie: tien tips voor een veilige woning",
            "De meeste inbrekers zoeken een woning waar ze snel en ongezien binnen raken. "
            "Met deze tien tips maakt u het hen moeilijk.",
            p(
                "Een inbreker wil weinig tijd verliezen. Elke minuut extra vergroot de kans dat "
                "hij opgemerkt wordt. Inbraakpreventie draait dus om vertragen, zichtbaar maken "
                "en de indruk geven dat er iemand thuis is."
            )
            + "<h2>Tien tips</h2>"
            + ul(
                "Sluit ramen en deuren, ook als u maar even weg bent.",
                "Laat geen sleutels onder de mat of in de brievenbus liggen.",
                "Gebruik een tijdschakelaar voor de verlichting als u 's avonds weg bent.",
                "Plaats een degelijk slot met veiligheidsbeslag op de voordeur.",
                "Hou ladders en tuingereedschap achter slot.",
                "Snoei hagen zodat de gevel zichtbaar blijft vanaf de straat.",
                "Vraag een buur om de brievenbus te legen tijdens uw vakantie.",
                "Meld uw afwezigheid aan de politie voor een woningtoezicht.",
                "Vraag een gratis techno-preventief advies aan bij uw gemeente.",
                "Spreek met uw BIN af hoe u verdachte situaties doorgeeft.",
            ),
        ),
        "fr": (
            "prevention-cambriolages-dix-conseils",
            "Prévention des cambriolages : dix conseils pour un logement sûr",
            "La plupart des cambrioleurs cherchent un logement où entrer vite et sans être vus. "
            "Ces dix conseils leur compliquent la tâche.",
            p(
                "Un cambrioleur ne veut pas perdre de temps. Chaque minute de plus augmente le "
                "risque d'être remarqué. La prévention consiste donc à ralentir, à rendre visible "
                "et à donner l'impression que quelqu'un est à la maison."
            )
            + "<h2>Dix conseils</h2>"
            + ul(
                "Fermez portes et fenêtres, même pour une courte absence.",
                "Ne laissez jamais de clé sous le paillasson ou dans la boîte aux lettres.",
                "Utilisez une minuterie pour l'éclairage lorsque vous sortez le soir.",
                "Installez une bonne serrure avec une garniture de sécurité sur la porte d'entrée.",
                "Rangez échelles et outils de jardin sous clé.",
                "Taillez les haies pour que la façade reste visible depuis la rue.",
                "Demandez à un voisin de vider la boîte aux lettres pendant vos vacances.",
                "Signalez votre absence à la police pour une surveillance de l'habitation.",
                "Demandez un conseil technoprévention gratuit à votre commune.",
                "Convenez avec votre PLP de la manière de signaler une situation suspecte.",
            ),
        ),
    },
    {
        "kind": Article.Kind.NEWS,
        "themes": ["inbraakpreventie", "communicatie-in-een-bin"],
        "days_ago": 12,
        "nl": (
            "meer-woninginbraken-donkere-maanden",
            "Meer woninginbraken in de donkere maanden",
            "Wanneer het vroeg donker wordt, stijgt het aantal inbraken. BIN's kunnen hun leden "
            "nu extra alert maken.",
            p(
                "Tussen oktober en maart vallen er elk jaar meer woninginbraken dan in de zomer. "
                "Inbrekers maken gebruik van de vroege duisternis: een donker huis om zes uur 's "
                "avonds verraadt dat er niemand thuis is.",
                "We raden coördinatoren aan om hun leden in november een korte herinnering te "
                "sturen over verlichting en tijdschakelaars. Een voorbeeldbericht vindt u in de "
                "handleiding over inbraakpreventie.",
            ),
        ),
        "fr": (
            "plus-de-cambriolages-mois-sombres",
            "Plus de cambriolages pendant les mois sombres",
            "Quand la nuit tombe tôt, le nombre de cambriolages augmente. Les PLP peuvent "
            "rendre leurs membres plus attentifs.",
            p(
                "Entre octobre et mars, il y a chaque année plus de cambriolages qu'en été. Les "
                "cambrioleurs profitent de l'obscurité précoce : une maison sombre à dix-huit "
                "heures trahit une absence.",
                "Nous conseillons aux coordinateurs d'envoyer en novembre un court rappel à leurs "
                "membres sur l'éclairage et les minuteries. Un message type se trouve dans le "
                "guide sur la prévention des cambriolages.",
            ),
        ),
    },
    {
        "kind": Article.Kind.GOOD_PRACTICE,
        "themes": ["inbraakpreventie"],
        "days_ago": 25,
        "province": "oost-vlaanderen",
        "from_a_bin": True,
        "nl": (
            "vakantietoezicht-door-de-buurt",
            "Vakantietoezicht georganiseerd door de buurt",
            "Een BIN in een fictieve Oost-Vlaamse deelgemeente koppelt vertrekkers aan "
            "buren die een oogje in het zeil houden.",
            "",
            "Tijdens de zomervakantie stonden veel woningen in de wijk weken leeg. Enkele "
            "bewoners hadden al een inbraak meegemaakt.",
            "De coördinator maakte een eenvoudig inschrijfformulier. Wie op vakantie gaat, "
            "geeft zijn periode door; een buur uit dezelfde straat leegt de brievenbus, doet "
            "af en toe de rolluiken open en meldt iets vreemds aan de politie.",
            "In twee zomers deden 64 gezinnen mee en werd er in die woningen niet ingebroken. "
            "Buren die elkaar nauwelijks kenden, spreken nu af.",
            "Een paar avonden werk voor de coördinator per jaar, geen kosten.",
        ),
        "fr": (
            "surveillance-vacances-par-le-quartier",
            "Surveillance des vacances organisée par le quartier",
            "Un PLP d'une section de commune fictive de Flandre orientale met en contact ceux "
            "qui partent avec des voisins qui gardent un œil sur leur maison.",
            "",
            "Pendant les vacances d'été, beaucoup de logements du quartier restaient vides "
            "pendant des semaines. Plusieurs habitants avaient déjà été cambriolés.",
            "La coordinatrice a créé un simple formulaire d'inscription. Qui part en vacances "
            "indique ses dates ; un voisin de la même rue vide la boîte aux lettres, ouvre "
            "parfois les volets et signale toute situation étrange à la police.",
            "En deux étés, 64 familles ont participé et aucun de ces logements n'a été "
            "cambriolé. Des voisins qui se connaissaient à peine s'entraident désormais.",
            "Quelques soirées de travail par an pour la coordinatrice, aucun frais.",
        ),
    },
    {
        "kind": Article.Kind.GUIDE,
        "themes": ["fietsdiefstal"],
        "featured": True,
        "days_ago": 30,
        "nl": (
            "fietsdiefstal-voorkomen",
            "Fietsdiefstal voorkomen: het juiste slot en graveren",
            "Een goed slot, een vaste vastzetplek en een geregistreerde fiets: zo verkleint u "
            "de kans op fietsdiefstal en krijgt u een gestolen fiets sneller terug.",
            p(
                "Fietsdiefstal is een van de meest gemelde feiten in veel gemeenten. Een dief "
                "kiest de fiets die het snelst los te krijgen is.",
            )
            + "<h2>Het slot</h2>"
            + p(
                "Kies een beugelslot of een zwaar kettingslot en maak het frame vast aan een "
                "vast punt, niet alleen het wiel. Gebruik twee verschillende sloten voor een "
                "dure of elektrische fiets."
            )
            + "<h2>Graveren en registreren</h2>"
            + p(
                "Veel gemeenten en politiezones graveren gratis uw rijksregisternummer in het "
                "frame. Registreer de fiets ook online, met foto's en het framenummer. Zo kan "
                "de politie een teruggevonden fiets aan u teruggeven."
            ),
        ),
        "fr": (
            "prevenir-vol-de-velos",
            "Prévenir le vol de vélos : le bon cadenas et la gravure",
            "Un bon cadenas, un point d'attache fixe et un vélo enregistré : vous réduisez le "
            "risque de vol et retrouvez plus vite un vélo volé.",
            p(
                "Le vol de vélos est l'un des faits les plus signalés dans beaucoup de communes. "
                "Un voleur choisit le vélo qu'il peut détacher le plus vite.",
            )
            + "<h2>Le cadenas</h2>"
            + p(
                "Choisissez un cadenas en U ou une chaîne solide et attachez le cadre à un point "
                "fixe, pas seulement la roue. Utilisez deux cadenas différents pour un vélo cher "
                "ou électrique."
            )
            + "<h2>Graver et enregistrer</h2>"
            + p(
                "Beaucoup de communes et de zones de police gravent gratuitement votre numéro "
                "de registre national dans le cadre. Enregistrez aussi le vélo en ligne, avec "
                "des photos et le numéro de cadre."
            ),
        ),
    },
    {
        "kind": Article.Kind.GOOD_PRACTICE,
        "themes": ["fietsdiefstal"],
        "days_ago": 55,
        "province": "antwerpen",
        "from_a_bin": True,
        "nl": (
            "graveeractie-fietsen-schoolplein",
            "Graveeractie voor fietsen op het schoolplein",
            "Een BIN, de school en de politie graveerden op één zaterdag meer dan tweehonderd "
            "fietsen tegen fietsdiefstal.",
            "",
            "Aan het station en de school verdwenen elke maand fietsen. Weinig eigenaars "
            "hadden hun fiets geregistreerd, dus gevonden fietsen bleven bij de politie.",
            "De BIN sprak de directie en de wijkpolitie aan. Op een zaterdagvoormiddag stond "
            "een graveertoestel op het schoolplein; ouders van de BIN zorgden voor koffie en "
            "hielpen bij de online registratie.",
            "Er werden 214 fietsen gegraveerd en geregistreerd. In het jaar daarna kon de "
            "politie elf teruggevonden fietsen aan hun eigenaar bezorgen.",
            "Eén voorbereidende vergadering, een zaterdagvoormiddag met zes vrijwilligers; de "
            "politie leende het graveertoestel uit.",
        ),
        "fr": (
            "gravure-velos-cour-ecole",
            "Action de gravure de vélos dans la cour de l'école",
            "Un PLP, une école et la police ont gravé plus de deux cents vélos en un samedi "
            "contre le vol de vélos.",
            "",
            "Près de la gare et de l'école, des vélos disparaissaient chaque mois. Peu de "
            "propriétaires avaient enregistré leur vélo.",
            "Le PLP a contacté la direction et la police de quartier. Un samedi matin, une "
            "graveuse était installée dans la cour ; des parents membres du PLP servaient le "
            "café et aidaient à l'enregistrement en ligne.",
            "214 vélos ont été gravés et enregistrés. L'année suivante, la police a pu rendre "
            "onze vélos retrouvés à leur propriétaire.",
            "Une réunion de préparation, un samedi matin avec six bénévoles ; la police a "
            "prêté la graveuse.",
        ),
    },
    {
        "kind": Article.Kind.NEWS,
        "themes": ["phishing-en-fraude"],
        "days_ago": 5,
        "featured": True,
        "nl": (
            "valse-bankmedewerkers-aan-de-telefoon",
            "Valse bankmedewerkers aan de telefoon",
            "Oplichters bellen zich uit voor medewerkers van een bank en vragen codes of een "
            "bankkaart. Een echte bank doet dat nooit.",
            p(
                "Verschillende BIN's melden een nieuwe golf van telefoonfraude. De beller weet "
                "soms al uw naam en bank, klinkt overtuigend en zegt dat uw rekening in gevaar "
                "is. Daarna vraagt hij om een code van uw kaartlezer, of stuurt hij een "
                "'koerier' om uw kaart op te halen.",
                "Leg in zo'n geval meteen in. Bel uw bank zelf terug op het nummer op uw kaart "
                "en meld de oproep aan de politie. Geef dit bericht door aan oudere buren: zij "
                "worden het vaakst gebeld.",
            ),
        ),
        "fr": (
            "faux-employes-de-banque-au-telephone",
            "De faux employés de banque au téléphone",
            "Des escrocs se font passer pour des employés d'une banque et demandent des codes "
            "ou une carte bancaire. Une vraie banque ne le fait jamais.",
            p(
                "Plusieurs PLP signalent une nouvelle vague de fraude par téléphone. "
                "L'interlocuteur connaît parfois votre nom et votre banque, paraît convaincant "
                "et affirme que votre compte est en danger. Il demande ensuite un code de votre "
                "lecteur de carte, ou envoie un « coursier » chercher votre carte.",
                "Raccrochez immédiatement. Rappelez vous-même votre banque au numéro figurant sur "
                "votre carte et signalez l'appel à la police. Transmettez ce message aux voisins "
                "âgés : ce sont eux qu'on appelle le plus souvent.",
            ),
        ),
    },
    {
        "kind": Article.Kind.FAQ,
        "themes": ["phishing-en-fraude"],
        "days_ago": 70,
        "nl": (
            "geklikt-op-phishinglink",
            "Wat doe ik als ik op een phishinglink heb geklikt?",
            "Snel handelen beperkt de schade. Dit zijn de eerste stappen.",
            ul(
                "Hebt u bankgegevens ingevuld? Bel meteen Card Stop of uw bank om uw kaarten te "
                "laten blokkeren.",
                "Verander het wachtwoord van het account dat u invulde, en overal waar u "
                "hetzelfde wachtwoord gebruikt.",
                "Stuur het verdachte bericht door naar het meldpunt van de overheid en doe "
                "aangifte bij de politie als u geld verloor.",
                "Waarschuw uw contacten als uw e-mail of berichtenapp werd overgenomen.",
            ),
        ),
        "fr": (
            "clique-sur-lien-hameconnage",
            "Que faire si j'ai cliqué sur un lien d'hameçonnage ?",
            "Agir vite limite les dégâts. Voici les premiers gestes.",
            ul(
                "Vous avez introduit des données bancaires ? Appelez tout de suite Card Stop ou "
                "votre banque pour bloquer vos cartes.",
                "Changez le mot de passe du compte concerné, et partout où vous utilisez le même.",
                "Transférez le message suspect au point de contact des autorités et portez "
                "plainte à la police si vous avez perdu de l'argent.",
                "Prévenez vos contacts si votre messagerie a été piratée.",
            ),
        ),
    },
    {
        "kind": Article.Kind.GUIDE,
        "themes": ["brand-en-co"],
        "days_ago": 60,
        "nl": (
            "rookmelders-en-co-melders",
            "Rookmelders en CO-melders: waar hang je ze?",
            "Een rookmelder op elke verdieping en een CO-melder bij elk verbrandingstoestel: "
            "zo bent u op tijd gewaarschuwd.",
            p(
                "Een brand 's nachts merkt u zonder melder vaak te laat op: rook maakt u niet "
                "wakker, ze verdooft. Koolstofmonoxide (CO) ruikt u helemaal niet."
            )
            + "<h2>Rookmelders</h2>"
            + p(
                "Hang minstens één rookmelder per verdieping, bij voorkeur in de hal en aan het "
                "plafond, weg van de keuken. Test hem elke maand met de knop."
            )
            + "<h2>CO-melders</h2>"
            + p(
                "Hang een CO-melder in elke ruimte met een toestel dat brandstof verbrandt: "
                "verwarmingsketel, gaskachel, houtkachel of geiser. Op ooghoogte, op één tot "
                "drie meter van het toestel."
            ),
        ),
        "fr": (
            "detecteurs-de-fumee-et-de-co",
            "Détecteurs de fumée et de CO : où les placer ?",
            "Un détecteur de fumée à chaque étage et un détecteur de CO près de chaque appareil "
            "de combustion : pour votre sécurité, soyez averti à temps.",
            p(
                "Sans détecteur, un incendie nocturne est souvent remarqué trop tard : la fumée "
                "ne réveille pas, elle endort. Le monoxyde de carbone (CO) est inodore."
            )
            + "<h2>Détecteurs de fumée</h2>"
            + p(
                "Placez au moins un détecteur par étage, de préférence dans le hall et au "
                "plafond, loin de la cuisine. Testez-le chaque mois avec le bouton."
            )
            + "<h2>Détecteurs de CO</h2>"
            + p(
                "Placez un détecteur de CO dans chaque pièce où un appareil brûle un "
                "combustible : chaudière, poêle au gaz ou à bois, chauffe-eau. À hauteur des "
                "yeux, à un à trois mètres de l'appareil. C'est la base de la sécurité incendie "
                "à la maison."
            ),
        ),
    },
    {
        "kind": Article.Kind.NEWS,
        "themes": ["brand-en-co"],
        "days_ago": 20,
        "nl": (
            "stookseizoen-schoorsteen-vegen",
            "Stookseizoen: laat de schoorsteen vegen",
            "Voor u de kachel weer aansteekt: een geveegde schoorsteen voorkomt brand en "
            "CO-vergiftiging.",
            p(
                "Roet en vogelnesten kunnen een schoorsteen verstoppen. De rookgassen vinden dan "
                "hun weg naar binnen. Laat de schoorsteen elk jaar vegen door een vakman, en "
                "bewaar het attest: uw verzekeraar kan erom vragen.",
                "Coördinatoren kunnen dit bericht in oktober doorgeven aan hun leden.",
            ),
        ),
        "fr": (
            "saison-de-chauffe-ramoner-la-cheminee",
            "Saison de chauffe : faites ramoner la cheminée",
            "Avant de rallumer le poêle : une cheminée ramonée évite l'incendie et "
            "l'intoxication au CO.",
            p(
                "La suie et les nids d'oiseaux peuvent boucher un conduit. Les fumées entrent "
                "alors dans la maison. Faites ramoner la cheminée chaque année par un "
                "professionnel et gardez l'attestation : votre assureur peut la demander.",
                "Les coordinateurs peuvent relayer ce message à leurs membres en octobre.",
            ),
        ),
    },
    {
        "kind": Article.Kind.GUIDE,
        "themes": ["een-bin-starten"],
        "featured": True,
        "days_ago": 90,
        "nl": (
            "een-bin-starten-in-zes-stappen",
            "Een BIN starten in zes stappen",
            "Van een idee aan de keukentafel tot een erkend buurtinformatienetwerk: zo pakt u "
            "het aan. Reken op zes tot negen maanden.",
            "<ol>"
            + "".join(
                f"<li>{step}</li>"
                for step in (
                    "Bespreek het idee met de politie en de gemeente en baken het gebied af.",
                    "Zoek een coördinator en enkele mensen die willen meehelpen.",
                    "Organiseer een infoavond waarop bewoners zich kunnen inschrijven.",
                    "Stel samen met de partners het charter op, met het communicatieplan.",
                    "Laat het charter ondertekenen door de coördinator, de burgemeester en de "
                    "korpschef.",
                    "Stuur het charter naar de FOD Binnenlandse Zaken; na hun bevestiging is uw "
                    "BIN erkend.",
                )
            )
            + "</ol>",
        ),
        "fr": (
            "lancer-un-plp-en-six-etapes",
            "Lancer un PLP en six étapes",
            "D'une idée autour de la table de cuisine à un partenariat local de prévention "
            "reconnu : voici la marche à suivre. Comptez six à neuf mois.",
            "<ol>"
            + "".join(
                f"<li>{step}</li>"
                for step in (
                    "Discutez de l'idée avec la police et la commune et délimitez le territoire.",
                    "Trouvez un coordinateur et quelques personnes prêtes à aider.",
                    "Organisez une soirée d'information où les habitants peuvent s'inscrire.",
                    "Rédigez la charte avec les partenaires, y compris le plan de communication.",
                    "Faites signer la charte par le coordinateur, le bourgmestre et le chef de "
                    "corps.",
                    "Envoyez la charte au SPF Intérieur ; après leur confirmation, votre PLP est "
                    "reconnu.",
                )
            )
            + "</ol>",
        ),
    },
    {
        "kind": Article.Kind.FAQ,
        "themes": ["een-bin-starten"],
        "days_ago": 80,
        "documents": ["modelcharter"],
        "nl": (
            "wie-ondertekent-het-bin-charter",
            "Wie ondertekent het BIN-charter?",
            "Het charter is de afspraak tussen burgers, politie en gemeente. Drie partijen "
            "tekenen.",
            p(
                "Het charter wordt ondertekend door de coördinator namens de leden, door de "
                "burgemeester en door de korpschef van de politiezone. Verandert er iets aan de "
                "contactpersonen of aan het communicatieplan, dan past u het charter aan en "
                "brengt u de FOD Binnenlandse Zaken op de hoogte.",
                "Leden van het Kenniscentrum vinden een modelcharter in de documentenbibliotheek.",
            ),
        ),
        "fr": (
            "qui-signe-la-charte-du-plp",
            "Qui signe la charte du PLP ?",
            "La charte est l'accord entre citoyens, police et commune. Trois parties signent.",
            p(
                "La charte est signée par le coordinateur au nom des membres, par le bourgmestre "
                "et par le chef de corps de la zone de police. Si les personnes de contact ou le "
                "plan de communication changent, adaptez la charte et informez le SPF Intérieur.",
                "Les membres du Centre de connaissances trouvent un modèle de charte dans la "
                "bibliothèque de documents.",
            ),
        ),
    },
    {
        "kind": Article.Kind.GUIDE,
        "themes": ["communicatie-in-een-bin"],
        "audience": Article.Audience.MEMBERS,
        "days_ago": 35,
        "nl": (
            "draaiboek-coordinator-berichten-doorsturen",
            "Draaiboek voor de coördinator: berichten doorsturen",
            "Welke berichten stuurt u door, via welk kanaal en hoe snel? Een draaiboek voor "
            "coördinatoren, met voorbeeldteksten.",
            p(
                "Dringende berichten komen van de politie, meestal via de BIN-module van "
                "BE-Alert. U hoeft die niet zelf door te sturen. Preventietips en nieuws uit de "
                "buurt verspreidt u wel zelf, via e-mail, een berichtenapp of op papier.",
                "Hou berichten kort en feitelijk. Vermeld nooit namen, nummerplaten of foto's "
                "van verdachten. Vraag leden om verdachte situaties rechtstreeks aan de politie "
                "te melden via 101, of 112 bij nood.",
            ),
        ),
        "fr": (
            "guide-coordinateur-relayer-les-messages",
            "Guide du coordinateur : relayer les messages",
            "Quels messages relayer, par quel canal et à quelle vitesse ? Un guide pour les "
            "coordinateurs, avec des textes types.",
            p(
                "Les messages urgents viennent de la police, le plus souvent via le module PLP "
                "de BE-Alert. Vous ne devez pas les relayer vous-même. Les conseils de "
                "prévention et les nouvelles du quartier, par contre, c'est vous qui les "
                "diffusez, par e-mail, messagerie ou sur papier.",
                "Gardez les messages courts et factuels. Ne mentionnez jamais de noms, de plaques "
                "d'immatriculation ou de photos de suspects. Demandez aux membres de signaler "
                "directement toute situation suspecte à la police au 101, ou au 112 en urgence.",
            ),
        ),
    },
    {
        "kind": Article.Kind.GOOD_PRACTICE,
        "themes": ["communicatie-in-een-bin"],
        "days_ago": 45,
        "province": "luik",
        "from_a_bin": True,
        "nl": (
            "nieuwsbrief-op-papier",
            "Een nieuwsbrief op papier voor wie geen smartphone heeft",
            "Niet elk lid leest berichten op een scherm. Een BIN in de provincie Luik brengt "
            "zijn tips daarom ook in de bus.",
            "",
            "Een derde van de leden was ouder dan 75 en las geen e-mail. Zij misten de "
            "preventietips en voelden zich buitengesloten.",
            "Vier vrijwilligers stellen elk kwartaal een blad van één pagina samen en bussen "
            "het bij wie erom vroeg. De politie leest de tekst na voor verspreiding.",
            "Veertig gezinnen krijgen het blad. Twee van hen meldden sindsdien een verdachte "
            "situatie aan de politie.",
            "Een halve dag per kwartaal voor vier mensen; de gemeente betaalt het drukwerk.",
        ),
        "fr": (
            "lettre-information-sur-papier",
            "Une lettre d'information sur papier pour ceux qui n'ont pas de smartphone",
            "Tous les membres ne lisent pas sur un écran. Un PLP de la province de Liège "
            "distribue donc aussi ses conseils dans les boîtes aux lettres.",
            "",
            "Un tiers des membres avait plus de 75 ans et ne lisait pas d'e-mails. Ils "
            "manquaient les conseils de prévention et se sentaient exclus.",
            "Quatre bénévoles rédigent chaque trimestre une feuille d'une page et la déposent "
            "chez ceux qui l'ont demandée. La police relit le texte avant diffusion.",
            "Quarante ménages reçoivent la feuille. Deux d'entre eux ont depuis signalé une "
            "situation suspecte à la police.",
            "Une demi-journée par trimestre pour quatre personnes ; la commune paie l'impression.",
        ),
    },
    {
        "kind": Article.Kind.FAQ,
        "themes": ["communicatie-in-een-bin"],
        "days_ago": 100,
        "nl": (
            "fotos-verdachten-delen",
            "Mag ik foto's van verdachte personen delen in de groep?",
            "Nee. Herkenbare foto's van verdachten of nummerplaten verspreiden is verboden.",
            p(
                "Een BIN wisselt informatie uit volgens een vooraf afgesproken communicatieplan, "
                "maar speelt geen politie. Een foto van iemand die 'verdacht' oogt, kan een "
                "onschuldige persoon schaden en is in strijd met de privacyregels.",
                "Ziet u iets verdachts? Bel de politie op 101, of 112 als het dringend is. Zij "
                "beslissen of er een bericht naar de BIN gaat.",
            ),
        ),
        "fr": (
            "photos-suspects-partager",
            "Puis-je partager des photos de suspects dans le groupe ?",
            "Non. Diffuser des photos reconnaissables de suspects ou de plaques "
            "d'immatriculation est interdit.",
            p(
                "Un PLP échange des informations selon un plan de communication convenu, mais "
                "ne joue pas à la police. Une photo de quelqu'un qui paraît « suspect » peut "
                "nuire à un innocent et viole les règles de protection de la vie privée.",
                "Vous voyez quelque chose de suspect ? Appelez la police au 101, ou au 112 en "
                "urgence. C'est elle qui décide d'envoyer un message au PLP.",
            ),
        ),
    },
    {
        "kind": Article.Kind.GUIDE,
        "themes": ["bin-z"],
        "days_ago": 65,
        "nl": (
            "bin-z-winkelstraat",
            "BIN-Z: samen waken over de winkelstraat",
            "Een BIN-Z brengt handelaars, politie en gemeente samen rond winkeldiefstal, "
            "valse biljetten en overvallen.",
            p(
                "Een BIN-Z werkt zoals een gewone BIN, maar de leden zijn zelfstandigen, "
                "winkeliers en bedrijven. De politie waarschuwt hen snel, bijvoorbeeld voor een "
                "bende die met vals geld betaalt of voor een reeks inbraken in bedrijfspanden.",
                "Spreek in het charter af wie de berichten ontvangt tijdens de openingsuren en "
                "wie daarbuiten. Veel BIN-Z's gebruiken sms omdat iedereen achter de toonbank "
                "een telefoon heeft.",
            ),
        ),
        "fr": (
            "plp-i-rue-commercante",
            "PLP-I : veiller ensemble sur la rue commerçante",
            "Un PLP-I réunit commerçants, police et commune autour du vol à l'étalage, des faux "
            "billets et des hold-up.",
            p(
                "Un PLP-I fonctionne comme un PLP classique, mais ses membres sont des "
                "indépendants, des commerces et des entreprises. La police les avertit vite, par "
                "exemple d'une bande qui paie avec de faux billets ou d'une série de "
                "cambriolages dans des locaux professionnels.",
                "Convenez dans la charte de qui reçoit les messages pendant les heures "
                "d'ouverture et en dehors. Beaucoup de PLP-I utilisent le SMS.",
            ),
        ),
    },
    {
        "kind": Article.Kind.GOOD_PRACTICE,
        "themes": ["bin-z"],
        "audience": Article.Audience.MEMBERS,
        "days_ago": 15,
        "province": "vlaams-brabant",
        "nl": (
            "overvaltraining-voor-handelaars",
            "Overvaltraining voor handelaars",
            "Een BIN-Z liet zijn leden oefenen hoe ze zich gedragen tijdens en na een overval.",
            "",
            "Na twee overvallen in dezelfde maand waren de handelaars van de straat "
            "ongerust. Ze wisten niet wat ze moesten doen als het hen overkwam.",
            "De BIN-Z vroeg de politiezone om een avondtraining: wat doe je tijdens een "
            "overval, hoe onthoud je een signalement, wat doe je daarna en bij wie kan je "
            "terecht voor opvang.",
            "Achtentwintig handelaars volgden de training. Ze zeggen zich beter voorbereid te "
            "voelen en hebben nu een gedeelde lijst met noodnummers.",
            "Eén avond; de politie gaf de training gratis, de gemeente stelde een zaal ter "
            "beschikking.",
        ),
        "fr": (
            "formation-hold-up-commercants",
            "Formation contre les hold-up pour commerçants",
            "Un PLP-I a fait s'entraîner ses membres à réagir pendant et après un hold-up.",
            "",
            "Après deux hold-up le même mois, les commerçants de la rue étaient inquiets. "
            "Ils ne savaient pas comment réagir si cela leur arrivait.",
            "Le PLP-I a demandé à la zone de police une formation en soirée : que faire "
            "pendant un hold-up, comment retenir un signalement, que faire après et où trouver "
            "du soutien.",
            "Vingt-huit commerçants ont suivi la formation. Ils se disent mieux préparés et "
            "partagent désormais une liste de numéros d'urgence.",
            "Une soirée ; la police a donné la formation gratuitement, la commune a prêté une "
            "salle.",
        ),
    },
    {
        "kind": Article.Kind.NEWS,
        "themes": ["communicatie-in-een-bin", "een-bin-starten"],
        # Scheduled: it appears by itself when its time comes.
        "days_ago": -10,
        "nl": (
            "studiedag-coordinatoren-najaar",
            "Studiedag voor coördinatoren in het najaar",
            "Het Kenniscentrum organiseert een studiedag over communicatie in een BIN. "
            "Inschrijven kan via de agenda.",
            p(
                "Op de studiedag wisselen coördinatoren en politieambtenaren ervaringen uit over "
                "berichtenapps, BE-Alert en het betrokken houden van leden. In de namiddag zijn "
                "er workshops in het Nederlands en in het Frans."
            ),
        ),
        "fr": (
            "journee-etude-coordinateurs-automne",
            "Journée d'étude pour les coordinateurs à l'automne",
            "Le Centre de connaissances organise une journée d'étude sur la communication dans "
            "un PLP. Inscriptions via l'agenda.",
            p(
                "Coordinateurs et policiers y échangent leurs expériences sur les messageries, "
                "BE-Alert et la façon de garder les membres impliqués. L'après-midi, des "
                "ateliers ont lieu en néerlandais et en français."
            ),
        ),
    },
]

# Articles that exist in one language only (the editors' "translation missing" column shows them).
SINGLE = [
    {
        "kind": Article.Kind.NEWS,
        "themes": ["communicatie-in-een-bin"],
        "days_ago": 3,
        "language": "nl",
        "text": (
            "nieuwe-affiches-bin-borden",
            "Nieuwe affiches voor de BIN-borden",
            "Het Kenniscentrum heeft nieuwe affiches ontworpen die BIN's naast hun "
            "straatborden kunnen hangen.",
            p(
                "De affiches leggen in een paar woorden uit wat een BIN is en hoe bewoners "
                "lid worden. Coördinatoren kunnen ze gratis bestellen."
            ),
        ),
    },
]

SUBMISSION = {
    "slug": "buurtwandeling-met-de-wijkagent",
    "title": "Buurtwandeling met de wijkagent",
    "summary": "Eén keer per maand wandelen leden van de BIN met de wijkagent door de buurt.",
    "problem": "Bewoners kenden hun wijkagent niet en meldden weinig.",
    "approach": "Een vaste wandeling op de eerste zaterdag van de maand, aangekondigd in de "
    "berichtengroep. Wie wil, loopt mee en vertelt wat hem opvalt.",
    "result": "Gemiddeld tien deelnemers; er komen meer meldingen binnen via 101.",
    "effort": "Twee uur per maand voor de coördinator en de wijkagent.",
    "submitter": "coordinator@demo.bin-kenniscentrum.be",
}

DOCUMENTS = [
    # key, title, language, audience, description
    (
        "checklist-inbraakpreventie",
        "Checklist inbraakpreventie",
        "nl",
        "public",
        "Een checklist om uw woning na te lopen.",
    ),
    (
        "liste-controle-cambriolages",
        "Liste de contrôle contre les cambriolages",
        "fr",
        "public",
        "Une liste pour vérifier votre logement.",
    ),
    (
        "modelcharter",
        "Modelcharter voor een BIN",
        "nl",
        "members",
        "Een model om het charter van uw BIN op te stellen.",
    ),
    (
        "modele-charte",
        "Modèle de charte pour un PLP",
        "fr",
        "members",
        "Un modèle pour rédiger la charte de votre PLP.",
    ),
    (
        "werkplan-redactie",
        "Werkplan van de redactie",
        "nl",
        "staff",
        "Interne planning van de artikels voor dit jaar.",
    ),
]


def tiny_pdf(title):
    """A small valid one-page PDF showing `title` (ASCII only, enough for a demo)."""
    text = title.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def seed_documents():
    documents = {}
    for key, title, language, audience, description in DOCUMENTS:
        document = Document.objects.filter(title=title).first()
        if document is None:
            document = Document(title=title)
            document.file.save(f"{key}.pdf", ContentFile(tiny_pdf(title)), save=False)
        document.language = language
        document.audience = audience
        document.description = description
        document.save()
        documents[key] = document
    return documents


def seed():
    """Create or update the demo themes, articles and documents; safe to run twice."""
    themes = {}
    for order, (slug, name_nl, name_fr, description_nl, description_fr) in enumerate(THEMES):
        themes[slug], _ = Theme.objects.update_or_create(
            slug=slug,
            defaults={
                "name_nl": name_nl,
                "name_fr": name_fr,
                "description_nl": description_nl,
                "description_fr": description_fr,
                "order": order,
            },
        )
    documents = seed_documents()
    editor = User.objects.filter(email="redactie@demo.bin-kenniscentrum.be").first()
    now = timezone.now()

    count = 0
    for entry in ARTICLES:
        published_at = now - timedelta(days=entry["days_ago"])
        key = None
        for language in ("nl", "fr"):
            article = _upsert(entry, language, entry[language], published_at, editor, key)
            key, published_at = article.translation_key, article.published_at
            article.themes.set([themes[slug] for slug in entry["themes"]])
            linked = [d for k in entry.get("documents", []) for d in _docs_for(k, documents)]
            article.documents.set([d for d in linked if d.language == language])
            count += 1
        # Written together: neither version is older than the other.
        Article.objects.filter(translation_key=key).update(content_changed_at=published_at)
    for entry in SINGLE:
        published_at = now - timedelta(days=entry["days_ago"])
        article = _upsert(entry, entry["language"], entry["text"], published_at, editor, None)
        article.themes.set([themes[slug] for slug in entry["themes"]])
        count += 1
    _seed_submission(themes)
    return count + 1


# A Dutch document and its French counterpart.
DOCUMENT_TWINS = {
    "checklist-inbraakpreventie": "liste-controle-cambriolages",
    "modelcharter": "modele-charte",
}


def _docs_for(key, documents):
    return [documents[key]] + ([documents[DOCUMENT_TWINS[key]]] if key in DOCUMENT_TWINS else [])


def _upsert(entry, language, text, published_at, editor, key):
    slug, title, summary, body, *parts = text
    problem, approach, result, effort = parts or ("", "", "", "")
    province = Province.objects.filter(slug=entry.get("province", "")).first()
    # A good practice "from a BIN" names a demo BIN of its province, when the members' demo
    # has made one.
    bin_ = None
    if entry.get("from_a_bin") and province:
        bins = BIN.objects.active().filter(municipality__province=province)
        bin_ = bins.order_by("pk").first()
    article = Article.objects.filter(slug=slug).first() or Article(slug=slug)
    if key:
        article.translation_key = key
    values = {
        "language": language,
        "kind": entry["kind"],
        "title": title,
        "summary": summary,
        "body": body,
        "problem": problem,
        "approach": approach,
        "result": result,
        "effort": effort,
        "audience": entry.get("audience", Article.Audience.PUBLIC),
        "status": Article.Status.PUBLISHED,
        # Kept on a second run, so that seeding again changes nothing.
        "published_at": article.published_at or published_at,
        "featured": entry.get("featured", False),
        "author": editor,
        "bin": bin_,
        "province": province if entry["kind"] == Article.Kind.GOOD_PRACTICE else None,
    }
    for field, value in values.items():
        setattr(article, field, value)
    article.save(editor=editor)
    return article


def _seed_submission(themes):
    """A good practice a coordinator sent in, waiting for the editors."""
    submitter = User.objects.filter(email=SUBMISSION["submitter"]).first()
    role = (
        BINRole.objects.current().filter(user=submitter).select_related("bin").first()
        if submitter
        else None
    )
    bin_ = role.bin if role else BIN.objects.active().order_by("pk").first()
    article = Article.objects.filter(slug=SUBMISSION["slug"]).first()
    if article is None:
        article = Article(slug=SUBMISSION["slug"], status=Article.Status.REVIEW)
    for field in ("title", "summary", "problem", "approach", "result", "effort"):
        setattr(article, field, SUBMISSION[field])
    article.language = "nl"
    article.kind = Article.Kind.GOOD_PRACTICE
    article.submitted_by = submitter
    article.author = submitter
    article.bin = bin_
    article.province = (
        bin_.municipality.province
        if bin_
        else Province.objects.filter(slug="oost-vlaanderen").first()
    )
    article.save()
    article.themes.set([themes["communicatie-in-een-bin"]])


# Generated articles, to measure search on a large knowledge base.
#
# Each generated article is about one theme: about one word in twelve comes from that theme's
# vocabulary (compounds included), the others from a filler vocabulary of made-up words used with
# Zipf frequencies, like words in real text. A theme word therefore appears in a realistic share of
# the articles, and the most frequent filler words in nearly all of them (the worst case).

TOPIC_WORDS = {
    "nl": [
        "inbraak inbraakpreventie woninginbraak inbreker slot deur raam verlichting vakantie",
        "fiets fietsdiefstal fietsslot fietsenstalling graveren registratie station kader",
        "phishing oplichting fraude bankkaart wachtwoord sms valse oproep koerier",
        "brand rookmelder koolstofmonoxide schoorsteen kachel evacuatieplan stookseizoen",
        "charter infoavond coördinator burgemeester korpschef erkenning opstart gebied",
        "berichtenapp nieuwsbrief melding communicatieplan BE-Alert leden doorsturen",
        "handelaars winkelstraat overval winkeldiefstal zelfstandigen bedrijven vals geld",
    ],
    "fr": [
        "cambriolage cambrioleur serrure porte fenêtre éclairage vacances sécurité",
        "vélo vol antivol gravure enregistrement gare cadre stationnement",
        "hameçonnage escroquerie fraude carte mot de passe faux appel coursier",
        "incendie détecteur fumée monoxyde cheminée poêle évacuation chauffage",
        "charte soirée coordinateur bourgmestre chef de corps reconnaissance territoire",
        "messagerie lettre signalement plan de communication BE-Alert membres relayer",
        "commerçants rue commerçante hold-up vol à l'étalage indépendants entreprises faux billets",
    ],
}
SYLLABLES = (
    "ba be bi bo da de di do ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri "
    "ro sa se si so ta te ti to va ve vi vo za ze zo wan wer ter ven gen mer lin"
)


def _filler_words(rng, count):
    syllables = SYLLABLES.split()
    words = set()
    while len(words) < count:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def generate_articles(count, seed_value=1, filler_size=3000, related=True):
    """Bulk-create `count` published articles (half Dutch, half French), searchable at once and,
    with `related`, each with its related articles (a few milliseconds an article).

    Their slugs start with "gen-" so that they can be removed again. Returns the number created.
    """
    rng = random.Random(seed_value)
    themes = list(Theme.objects.order_by("order", "pk"))
    filler = _filler_words(rng, filler_size)
    zipf = list(itertools.accumulate(1 / rank for rank in range(1, filler_size + 1)))
    topics = {lang: [line.split() for line in lines] for lang, lines in TOPIC_WORDS.items()}
    now = timezone.now()
    start = Article.objects.filter(slug__startswith="gen-").count()
    batch, theme_of = [], []
    for n in range(start, start + count):
        language = "nl" if n % 2 == 0 else "fr"
        topic = n // 2 % len(topics[language])
        topic_words = topics[language][topic]

        def sentence(length, topic_words=topic_words):
            words = [
                rng.choice(topic_words)
                if rng.random() < 1 / 12
                else rng.choices(filler, cum_weights=zipf)[0]
                for _ in range(length)
            ]
            return " ".join(words).capitalize() + "."

        title = " ".join(
            [rng.choice(topic_words), *rng.choices(filler, cum_weights=zipf, k=3)]
        ).capitalize()
        body = "".join(f"<p>{sentence(rng.randint(12, 25))} {sentence(10)}</p>" for _ in range(4))
        article = Article(
            language=language,
            translation_key=uuid.uuid4(),
            kind=rng.choice(Article.Kind.values),
            title=title,
            slug=f"gen-{n}",
            summary=sentence(20),
            body=body,
            audience=rng.choice(["public"] * 8 + ["members", "staff"]),
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=n + 1),
            # What save() would compute; bulk_create skips save().
            body_text=html_to_text(body),
            title_plain=fold(title),
        )
        batch.append(article)
        theme_of.append(themes[topic % len(themes)].pk if themes else None)
    created = Article.objects.bulk_create(batch, batch_size=1000)
    ids = [a.pk for a in created]
    Article.objects.filter(pk__in=ids).update_search_fields()
    through = Article.themes.through
    through.objects.bulk_create(
        [through(article_id=pk, theme_id=t) for pk, t in zip(ids, theme_of, strict=True) if t],
        batch_size=1000,
    )
    if related:
        with connection.cursor() as cursor:
            # Statistics for the rows just loaded, or the planner takes the tables for empty
            # and compares every article with every other one.
            cursor.execute("ANALYZE knowledgebase_article, knowledgebase_article_themes")
        Article.objects.filter(pk__in=ids).refresh_related()
    return len(created)
