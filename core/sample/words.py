"""Word lists for synthetic titles, people and descriptions.

Why invented words rather than real titles: the sample must be freely shareable and
must not pretend to be real catalog data, yet look like it (original-case titles,
"First Last" names, English sentences with commas and the odd quoted phrase).
"""

from __future__ import annotations


def _split(text: str) -> tuple[str, ...]:
    """Split a `|`-separated literal, so long lists stay readable and ruff-formatted."""
    return tuple(word.strip() for word in text.split("|"))


ADJECTIVES = _split(
    "Last|Lost|Secret|Silent|Broken|Golden|Hidden|Wild|Dark|Little|Great|Final|Forgotten|"
    "Midnight|Crimson|Frozen|Endless|Burning|Electric|Perfect|Savage|Quiet|Lonely|Royal|"
    "Hollow|Fearless|Restless|Wicked|Magic|Blue|Red|Black|White|Strange|Sweet|Deadly|"
    "Distant|Iron|Paper|Summer|Winter|Northern|Southern|Invisible|Beautiful|Dangerous"
)
NOUNS = _split(
    "Kingdom|River|Night|Heart|City|Road|Game|Island|Dream|Shadow|Storm|Promise|House|"
    "Mountain|Ocean|Garden|Empire|Letter|Secret|Mirror|Journey|Legacy|Frontier|Station|"
    "Harvest|Fire|Hunter|Witness|Stranger|Detective|Family|Wedding|Heist|Prophecy|Crown|"
    "Echo|Horizon|Valley|Circus|Orchestra|Machine|Planet|Village|Party|Summer|Truth|Code"
)
FIRST_NAMES = _split(
    "James|Maria|Chen|Aisha|Lucas|Sofia|Ravi|Emma|Kenji|Olivia|Mateo|Amara|Noah|Priya|"
    "Liam|Yuki|Elena|Omar|Grace|Diego|Hana|Samuel|Chloe|Arjun|Isabel|Daniel|Fatima|Leo|"
    "Nadia|Victor|Zoe|Hugo|Ines|Tomas|Mei|Jonas|Laura|Kofi|Anna|Marco|Sara|Ethan|Lucia|"
    "Felix|Rosa|Ahmed|Julia|Oscar|Mira|Paul"
)
LAST_NAMES = _split(
    "Smith|Garcia|Kim|Patel|Johnson|Rossi|Müller|Nakamura|Silva|Brown|Kowalski|Okafor|"
    "Dubois|Lopez|Wang|Andersson|Singh|Martin|Novak|Hernandez|Taylor|Cohen|Ivanova|"
    "Moreau|Tanaka|Costa|Wilson|Schmidt|Reyes|Murphy|Jensen|Haddad|Nguyen|Clarke|Ortiz|"
    "Fischer|Yilmaz|Mensah|Bianchi|Walker|Sato|Kaur|Lindqvist|Adeyemi|Romero|Park|Evans|"
    "O'Brien|Santos|Chandra"
)
PEOPLE = _split(
    "young detective|retired boxer|single mother|small-town sheriff|grieving widower|"
    "teenage hacker|struggling musician|disgraced chef|rookie cop|brilliant scientist|"
    "shy student|former soldier|ambitious lawyer|runaway princess|stand-up comedian|"
    "lonely astronaut|reluctant heir|street artist|high school coach|veteran reporter"
)
GOALS = _split(
    "uncovers a conspiracy|chases a dream|fights to save the family business|"
    "searches for a missing sister|plans one last heist|falls for an unlikely stranger|"
    "returns home after twenty years|enters a deadly competition|hunts a ruthless killer|"
    "tries to win back an old love|joins a band of misfits|discovers a hidden talent|"
    "races against time|guards a dangerous secret|confronts a troubled past"
)
PLACES = _split(
    "a sleepy coastal town|New York|a remote island|the Scottish Highlands|Tokyo|"
    "a crumbling mansion|outer space|1920s Chicago|a haunted boarding school|Mumbai|"
    "the Australian outback|a failing circus|Paris|a frozen research station|Lagos|"
    "Mexico City|a small farm|the royal court|a futuristic city|Seoul"
)
TWISTS = _split(
    "but nothing is what it seems|and learns what family really means|"
    "while a storm closes in|with hilarious results|before it is too late|"
    "and the truth changes everything|one song at a time|as old rivals return"
)
TOPICS = _split(
    "wildlife|street food|space exploration|climate change|ancient Egypt|jazz|"
    "professional wrestling|fashion|the ocean floor|artificial intelligence|"
    "true crime|rock music|world football|extreme weather|royal history"
)
