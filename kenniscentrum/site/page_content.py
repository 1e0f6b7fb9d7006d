"""The first text of the fixed pages, in Dutch and French.

A data migration creates these pages once, so that a new site has an about page, a privacy
statement and an accessibility statement from the start; after that, staff edit them in the admin
and this text is no longer used (the demo data resets it).
"""

ABOUT_NL = """
<p>Het BIN Kenniscentrum is de vzw die de buurtinformatienetwerken (BIN's) in Vlaanderen, Wallonië
en Brussel overkoepelt. We brengen de mensen die een BIN dragen samen, verzamelen wat werkt en
geven dat door, zodat elke BIN kan bouwen op de ervaring van de andere.</p>

<h2>Waarom een kenniscentrum?</h2>
<p>Wie een BIN opstartte of draaiende hield, stond er lange tijd grotendeels alleen voor. Het
BIN-dossier werd op federaal niveau niet altijd met dezelfde continuïteit opgevolgd, en er was
op elk niveau – federaal, provinciaal en lokaal – behoefte aan structuur, aan goede praktijken
en aan kanalen om die te delen. Om in die leemte te voorzien, werd het BIN Kenniscentrum
opgericht.</p>

<h2>Hoe het begon</h2>
<ul>
<li>Eerst zochten enthousiaste, gelijkgezinde vrijwilligers uit verschillende provincies elkaar
op.</li>
<li>Op 25 november 2014 kwamen zij een eerste keer samen en besloten ze het kenniscentrum uit te
bouwen als vzw.</li>
<li>Op 24 maart 2015 werden de statuten goedgekeurd en de eerste Raad van Bestuur aangesteld.</li>
<li>Op 11 mei 2015 werd de oprichtingsakte neergelegd bij de rechtbank van koophandel in Antwerpen;
op 21 mei 2015 verscheen ze in de bijlagen van het Belgisch Staatsblad.</li>
</ul>

<h2>Voor wie?</h2>
<p>Het kenniscentrum staat open voor iedereen die bij een BIN betrokken is: burgers, zelfstandigen
en bedrijven, politiediensten en lokale besturen. Elk erkend BIN-initiatief kan lid worden en
gebruikmaken van alles wat het kenniscentrum aanbiedt.</p>

<h2>Wat we doen</h2>
<p>We maken de BIN's bekend bij een zo breed mogelijk publiek, verspreiden de preventiegedachte,
bundelen kennis en goede praktijken, ontwikkelen lespakketten en opleidingen, helpen nieuwe BIN's
op weg en organiseren BIN-evenementen. Lees er meer over bij onze doelstellingen.</p>

<h2>Een transparante structuur</h2>
<p>Het kenniscentrum is een vereniging zonder winstoogmerk. De werkende leden – coördinatoren
uit de burgerij en gemandateerde politiemensen – vormen samen de Algemene Vergadering. Zij kiezen
uit hun midden de Raad van Bestuur, waarin elke provincie zo evenwichtig mogelijk vertegenwoordigd
is. Alle bestaande en nieuwe BIN's kunnen toetreden als lid.</p>
<p>De FOD Binnenlandse Zaken (Algemene Directie Veiligheid en Preventie) erkent de vzw. Het
kenniscentrum heeft twee vaste afgevaardigden in het Federaal Begeleidingscomité voor de
buurtinformatienetwerken, werkt aanvullend op de FOD en neemt in zijn opdracht bepaalde taken
op.</p>

<h2>Ons motto</h2>
<blockquote><p>Samenwerken om de buurtinformatienetwerken de plaats te geven die ze verdienen: de
grootste vorm van burgerparticipatie voor de veiligheid van de eigen woon- en werkomgeving.</p>
</blockquote>
"""

ABOUT_FR = """
<p>Le Centre de connaissances BIN est l'asbl qui fédère les partenariats locaux de prévention
(PLP ; en néerlandais « BIN ») en Flandre, en Wallonie et à Bruxelles. Nous rassemblons celles et
ceux qui font vivre un PLP, recueillons ce qui fonctionne et le partageons, pour que chaque PLP
puisse s'appuyer sur l'expérience des autres.</p>

<h2>Pourquoi un centre de connaissances ?</h2>
<p>Longtemps, qui lançait ou animait un PLP se retrouvait souvent seul. Au niveau fédéral, le
dossier n'était pas toujours suivi avec la même continuité, et à tous les niveaux – fédéral,
provincial et local – il manquait une structure, des bonnes pratiques et des canaux pour les
diffuser. Le Centre de connaissances BIN est né pour combler ce manque.</p>

<h2>Les débuts</h2>
<ul>
<li>Des bénévoles motivés, partageant les mêmes idées et venus de plusieurs provinces, se sont
d'abord rassemblés.</li>
<li>Le 25 novembre 2014, lors d'une première réunion, ils ont décidé de développer le centre de
connaissances sous la forme d'une asbl.</li>
<li>Le 24 mars 2015, les statuts ont été adoptés et le premier conseil d'administration a été
désigné.</li>
<li>Le 11 mai 2015, l'acte constitutif a été déposé au tribunal de commerce d'Anvers ; il a été
publié aux annexes du Moniteur belge le 21 mai 2015.</li>
</ul>

<h2>Pour qui ?</h2>
<p>Le centre de connaissances est ouvert à tous les acteurs d'un PLP : citoyens, indépendants et
entreprises, services de police et pouvoirs locaux. Chaque PLP reconnu peut devenir membre et
profiter de tout ce que le centre propose.</p>

<h2>Ce que nous faisons</h2>
<p>Nous faisons connaître les PLP au plus large public, diffusons l'idée de prévention,
rassemblons les connaissances et les bonnes pratiques, développons des modules de formation,
accompagnons les nouveaux PLP et organisons des événements. Découvrez nos objectifs en détail.</p>

<h2>Une structure transparente</h2>
<p>Le centre de connaissances est une association sans but lucratif. Les membres effectifs –
des coordinateurs citoyens et des policiers mandatés – forment l'assemblée générale. Ils élisent
parmi eux le conseil d'administration, où chaque province est représentée de manière aussi
équilibrée que possible. Tous les PLP, existants ou futurs, peuvent adhérer comme membres.</p>
<p>L'asbl est reconnue par le SPF Intérieur (Direction générale Sécurité et Prévention). Elle
compte deux délégués permanents au sein du Comité fédéral d'accompagnement des PLP, travaille en
complément du SPF et reprend certaines missions à sa demande.</p>

<h2>Notre devise</h2>
<blockquote><p>Travailler ensemble pour donner aux partenariats locaux de prévention la place
qu'ils méritent : la plus grande forme de participation citoyenne à la sécurité de son quartier
et de son lieu de travail.</p></blockquote>
"""

OBJECTIVES_NL = """
<p>Het BIN Kenniscentrum zet zich in voor sterke buurtinformatienetwerken. Concreet willen we:</p>
<ul>
<li>de BIN's en hun werking bekendmaken bij zoveel mogelijk mensen;</li>
<li>preventie, in de ruimste zin, zo breed mogelijk ingang doen vinden;</li>
<li>alle nuttige informatie over informatienetwerken verzamelen, verwerken en doorgeven;</li>
<li>lespakketten uitwerken en opleidingen geven aan iedereen die bij een BIN betrokken is;</li>
<li>nieuwe informatienetwerken helpen opstarten en nieuwe initiatieven opvolgen;</li>
<li>de bestaande en toekomstige structuren rond informatienetwerken ondersteunen, er actief aan
meewerken en ze mee uitbouwen;</li>
<li>een eigen website beheren en voeden, ze openstellen voor alle BIN's en inspelen op nieuwe
vormen van communicatie;</li>
<li>hulpmiddelen ontwikkelen die de werking van een BIN eenvoudiger en beter maken;</li>
<li>BIN-evenementen organiseren.</li>
</ul>
<p>Deze lijst is niet volledig: waar BIN's ons nodig hebben, willen we er zijn.</p>
"""

OBJECTIVES_FR = """
<p>Le Centre de connaissances BIN œuvre pour des partenariats locaux de prévention forts.
Concrètement, nous voulons :</p>
<ul>
<li>faire connaître les PLP et leur fonctionnement au plus grand nombre ;</li>
<li>diffuser le plus largement possible l'idée de prévention, au sens le plus large ;</li>
<li>rassembler, traiter et transmettre toute information utile sur les réseaux d'information ;</li>
<li>élaborer des modules de formation et former tous les acteurs d'un PLP ;</li>
<li>aider au lancement de nouveaux réseaux et assurer le suivi des nouvelles initiatives ;</li>
<li>soutenir les structures actuelles et futures des réseaux d'information, y participer et
contribuer à leur développement ;</li>
<li>gérer et alimenter notre propre site web, l'ouvrir à tous les PLP et suivre les nouvelles
formes de communication ;</li>
<li>développer des outils qui simplifient et améliorent le fonctionnement des PLP ;</li>
<li>organiser des événements pour les PLP.</li>
</ul>
<p>Cette liste n'est pas exhaustive : là où les PLP ont besoin de nous, nous voulons être
présents.</p>
"""

STRUCTURE_NL = """
<p>Het BIN Kenniscentrum is een vzw met een eenvoudige, open structuur:</p>
<ul>
<li><strong>Werkende leden</strong> zetten zich actief in voor de doelen van de vzw. Het zijn
coördinatoren uit de burgerij en gemandateerde politiemensen; samen vormen ze de Algemene
Vergadering.</li>
<li><strong>De Raad van Bestuur</strong> wordt door de Algemene Vergadering uit haar leden gekozen,
met zo veel mogelijk een evenwichtige vertegenwoordiging van elke provincie.</li>
<li><strong>Toegetreden leden</strong> zijn de BIN's zelf: elk bestaand of nieuw BIN-initiatief
kan aansluiten.</li>
</ul>
<p>Hieronder ziet u hoe de vzw vandaag is samengesteld.</p>
"""

STRUCTURE_FR = """
<p>Le Centre de connaissances BIN est une asbl à la structure simple et ouverte :</p>
<ul>
<li><strong>Les membres effectifs</strong> s'engagent activement pour les objectifs de l'asbl. Ce
sont des coordinateurs citoyens et des policiers mandatés ; ensemble, ils forment l'assemblée
générale.</li>
<li><strong>Le conseil d'administration</strong> est élu par l'assemblée générale parmi ses
membres, en veillant autant que possible à représenter chaque province de manière équilibrée.</li>
<li><strong>Les membres adhérents</strong> sont les PLP eux-mêmes : tout PLP, existant ou nouveau,
peut adhérer.</li>
</ul>
<p>Vous trouverez ci-dessous la composition actuelle de l'asbl.</p>
"""

PRIVACY_NL = """
<p>Het BIN Kenniscentrum vzw gaat zorgvuldig om met uw persoonsgegevens en volgt de Algemene
Verordening Gegevensbescherming (AVG/GDPR). Hier leest u welke gegevens we bewaren, waarom, hoe
lang, en wat uw rechten zijn.</p>

<h2>Welke gegevens, en waarom</h2>
<ul>
<li><strong>Account</strong>: uw naam, e-mailadres, voorkeurtaal en wachtwoord (versleuteld), om u
te laten aanmelden en u te mailen in uw taal.</li>
<li><strong>Rollen in een BIN</strong>: als coördinator, politieambtenaar of preventieambtenaar,
zodat u de gegevens van uw BIN kunt beheren. Uw e-mailadres en telefoonnummer verschijnen nooit
op een openbare pagina: wie u wil bereiken, gebruikt een contactformulier.</li>
<li><strong>Inschrijvingen</strong> voor evenementen en opleidingen: om uw plaats te reserveren,
u te informeren en een attest af te leveren.</li>
<li><strong>Nieuwsbrief</strong>: uw e-mailadres, taal en onderwerpen, met het bewijs van uw
toestemming (wanneer, welke tekst, in welke taal, en het IP-adres van waaruit u zich inschreef en
bevestigde).</li>
<li><strong>Contactberichten</strong>: uw naam, e-mailadres en bericht, om uw vraag te
beantwoorden.</li>
</ul>
<p>We verkopen geen gegevens, geven ze niet door voor reclame en gebruiken geen trackers van
derden.</p>

<h2>Hoe lang</h2>
<ul>
<li>Uw account en rollen: zolang uw account bestaat.</li>
<li>Persoonsgegevens van deelnemers aan evenementen: ze worden na afloop geanonimiseerd.</li>
<li>De nieuwsbrief: tot u zich uitschrijft; daarna bewaren we alleen het bewijs van uw
toestemming en van uw uitschrijving.</li>
<li>Contactberichten: zolang nodig om uw vraag af te handelen, en hoogstens twee jaar.</li>
<li>Aanvragen om een BIN te starten: hoogstens twee jaar.</li>
<li>Een inschrijving op de nieuwsbrief die u niet bevestigt: een maand.</li>
</ul>

<h2>Uw rechten</h2>
<p>U hebt het recht uw gegevens in te kijken, te verbeteren, mee te nemen en te laten wissen, en
u kunt uw toestemming voor de nieuwsbrief op elk moment intrekken. Met een account doet u dat
zelf, op de pagina <a href="/nl/mijn/gegevens/">Mijn gegevens</a>: daar downloadt u alles wat we
over u bewaren in één bestand, en daar verwijdert u uw account. Elke nieuwsbrief bevat een link
om u met één klik uit te schrijven.</p>
<p>Hebt u een vraag of klacht? Gebruik het <a href="/nl/contact/">contactformulier</a>. U kunt ook
klacht indienen bij de Gegevensbeschermingsautoriteit (www.gegevensbeschermingsautoriteit.be).</p>
"""

PRIVACY_FR = """
<p>L'asbl Centre de connaissances BIN traite vos données personnelles avec soin, conformément au
Règlement général sur la protection des données (RGPD). Vous lisez ici quelles données nous
conservons, pourquoi, combien de temps, et quels sont vos droits.</p>

<h2>Quelles données, et pourquoi</h2>
<ul>
<li><strong>Compte</strong> : votre nom, votre adresse e-mail, votre langue et votre mot de passe
(chiffré), pour vous permettre de vous connecter et vous écrire dans votre langue.</li>
<li><strong>Rôles dans un PLP</strong> : comme coordinateur, policier ou fonctionnaire de
prévention, pour que vous puissiez gérer les données de votre PLP. Votre adresse e-mail et votre
numéro de téléphone n'apparaissent jamais sur une page publique : qui veut vous joindre passe par
un formulaire de contact.</li>
<li><strong>Inscriptions</strong> aux événements et formations : pour réserver votre place, vous
informer et délivrer une attestation.</li>
<li><strong>Lettre d'information</strong> : votre adresse e-mail, votre langue et vos sujets,
avec la preuve de votre consentement (quand, quel texte, dans quelle langue, et l'adresse IP
depuis laquelle vous vous êtes inscrit·e et avez confirmé).</li>
<li><strong>Messages de contact</strong> : votre nom, votre adresse e-mail et votre message, pour
répondre à votre question.</li>
</ul>
<p>Nous ne vendons aucune donnée, ne la transmettons pas à des fins publicitaires et n'utilisons
aucun traceur de tiers.</p>

<h2>Combien de temps</h2>
<ul>
<li>Votre compte et vos rôles : aussi longtemps que votre compte existe.</li>
<li>Les données personnelles des participants aux événements : elles sont anonymisées après
l'événement.</li>
<li>La lettre d'information : jusqu'à votre désinscription ; ensuite, nous ne gardons que la
preuve de votre consentement et de votre désinscription.</li>
<li>Les messages de contact : le temps de traiter votre question, et deux ans au plus.</li>
<li>Les demandes de création d'un PLP : deux ans au plus.</li>
<li>Une inscription à la lettre d'information que vous ne confirmez pas : un mois.</li>
</ul>

<h2>Vos droits</h2>
<p>Vous avez le droit de consulter, de corriger, d'emporter et de faire effacer vos données, et
vous pouvez retirer à tout moment votre consentement à la lettre d'information. Avec un compte,
vous le faites vous-même sur la page <a href="/fr/mon-espace/donnees/">Mes données</a> : vous y
téléchargez en un fichier tout ce que nous conservons sur vous, et vous pouvez y supprimer votre
compte. Chaque lettre d'information contient un lien pour vous désinscrire en un clic.</p>
<p>Une question ou une plainte ? Utilisez le <a href="/fr/contact/">formulaire de contact</a>. Vous
pouvez aussi vous adresser à l'Autorité de protection des données
(www.autoriteprotectiondonnees.be).</p>
"""

ACCESSIBILITY_NL = """
<p>Het BIN Kenniscentrum wil dat iedereen deze website kan gebruiken, ook wie slecht ziet, een
schermlezer gebruikt of alleen met het toetsenbord werkt.</p>

<h2>Stand van zaken</h2>
<p>We bouwen de website volgens de Web Content Accessibility Guidelines (WCAG) 2.1, niveau AA.
Elke pagina werkt zonder JavaScript, heeft een logische koppenstructuur, zichtbare focus en
voldoende kleurcontrast, en elk formulierveld heeft een label. Bij elke wijziging controleren we
de pagina's automatisch op toegankelijkheidsfouten, in het Nederlands en het Frans.</p>
<p>Automatische controles vinden niet alles. Documenten die door anderen zijn aangeleverd (zoals
oudere PDF-bestanden) zijn mogelijk niet volledig toegankelijk; op vraag bezorgen we ze in een
toegankelijke vorm.</p>

<h2>Loopt u ergens vast?</h2>
<p>Laat het ons weten via het <a href="/nl/contact/">contactformulier</a> (kies het onderwerp over
de website). Vermeld de pagina en wat er misging; we antwoorden binnen tien werkdagen en zoeken
intussen samen met u een oplossing.</p>
"""

ACCESSIBILITY_FR = """
<p>Le Centre de connaissances BIN veut que chacun puisse utiliser ce site, y compris les
personnes malvoyantes, celles qui utilisent un lecteur d'écran ou qui naviguent uniquement au
clavier.</p>

<h2>État de la situation</h2>
<p>Nous construisons le site selon les Règles pour l'accessibilité des contenus web (WCAG) 2.1,
niveau AA. Chaque page fonctionne sans JavaScript, a une structure de titres logique, un focus
visible et des contrastes suffisants, et chaque champ de formulaire a une étiquette. À chaque
modification, nous vérifions automatiquement l'accessibilité des pages, en français et en
néerlandais.</p>
<p>Les contrôles automatiques ne détectent pas tout. Des documents fournis par des tiers (comme
d'anciens fichiers PDF) peuvent ne pas être entièrement accessibles ; sur demande, nous vous les
fournissons sous une forme accessible.</p>

<h2>Vous rencontrez un problème ?</h2>
<p>Signalez-le-nous via le <a href="/fr/contact/">formulaire de contact</a> (choisissez le sujet
concernant le site web). Indiquez la page et ce qui n'a pas fonctionné ; nous répondons dans les
dix jours ouvrables et cherchons entre-temps une solution avec vous.</p>
"""

# key: (slug, menu, order, title_nl, title_fr, summary_nl, summary_fr, body_nl, body_fr)
PAGES = {
    "about": (
        "over-ons",
        "",
        0,
        "Over ons",
        "À propos",
        "Het BIN Kenniscentrum vzw brengt sinds 2015 de buurtinformatienetwerken samen: "
        "wie we zijn, waarom we bestaan en hoe we werken.",
        "Depuis 2015, l'asbl Centre de connaissances BIN fédère les partenariats locaux de "
        "prévention : qui nous sommes, pourquoi nous existons et comment nous travaillons.",
        ABOUT_NL,
        ABOUT_FR,
    ),
    "objectives": (
        "doelstellingen",
        "about",
        10,
        "Doelstellingen",
        "Objectifs",
        "Wat het BIN Kenniscentrum voor de buurtinformatienetwerken wil bereiken.",
        "Ce que le Centre de connaissances BIN veut réaliser pour les PLP.",
        OBJECTIVES_NL,
        OBJECTIVES_FR,
    ),
    "structure": (
        "structuur",
        "about",
        20,
        "Structuur",
        "Structure",
        "Werkende leden, Raad van Bestuur en toegetreden BIN's: zo is de vzw opgebouwd.",
        "Membres effectifs, conseil d'administration et PLP adhérents : l'organisation de l'asbl.",
        STRUCTURE_NL,
        STRUCTURE_FR,
    ),
    "privacy": (
        "privacy",
        "footer",
        10,
        "Privacyverklaring",
        "Déclaration de confidentialité",
        "Welke persoonsgegevens het BIN Kenniscentrum bewaart, waarom, hoe lang, en uw rechten.",
        "Quelles données personnelles le Centre de connaissances BIN conserve, pourquoi, combien "
        "de temps, et vos droits.",
        PRIVACY_NL,
        PRIVACY_FR,
    ),
    "accessibility": (
        "toegankelijkheid",
        "footer",
        20,
        "Toegankelijkheidsverklaring",
        "Déclaration d'accessibilité",
        "Hoe toegankelijk deze website is en wat u doet als u ergens vastloopt.",
        "Le niveau d'accessibilité de ce site et que faire si vous rencontrez un problème.",
        ACCESSIBILITY_NL,
        ACCESSIBILITY_FR,
    ),
}


def page_fields(key):
    slug, menu, order, title_nl, title_fr, summary_nl, summary_fr, body_nl, body_fr = PAGES[key]
    return {
        "slug": slug,
        "menu": menu,
        "order": order,
        "title_nl": title_nl,
        "title_fr": title_fr,
        "summary_nl": summary_nl,
        "summary_fr": summary_fr,
        "body_nl": " ".join(body_nl.split("\n")).strip(),
        "body_fr": " ".join(body_fr.split("\n")).strip(),
        "published": True,
    }
