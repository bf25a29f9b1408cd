"""Word lists behind the statement rules: cue verbs, role nouns, pronouns, organisation heads."""

from __future__ import annotations

# Verbs of saying and reporting (lemmas). Belief verbs make optional statements.
SPEECH_VERBS = frozenset(
    """say tell note add stress point emphasize emphasise reiterate recall admit confirm report
    promise complain explain state declare announce warn claim argue insist suggest write
    tweet urge assert acknowledge observe remark comment reply respond answer testify
    predict underline underscore highlight mention assure caution concede contend deny
    indicate maintain reveal specify vow pledge conclude continue disclose inform clarify
    summarize summarise recount allege agree lament criticize criticise accuse describe
    charge boast brag quip joke muse counter retort shout yell whisper scream cry demand
    propose recommend estimate forecast signal hint stipulate affirm proclaim assert
    announce conclude caution advise notify""".split()
)
BELIEF_VERBS = frozenset("""believe think consider feel expect hope fear doubt""".split())
# Attitude, stance and evidence verbs: a source's position on an object ("Trump called him
# weak", "most voters want a change", "the poll showed Clinton leading"). Beyond our
# guidelines' speech verbs: cues only in the "attributions" scope (PolNeAR's notion).
ATTITUDE_VERBS = frozenset(
    """want wish support back endorse oppose favor favour prefer praise applaud hail laud
    commend welcome thank congratulate condemn denounce slam blast attack mock ridicule
    dismiss reject blame defend question challenge ask call label brand dub characterize
    characterise portray show find know learn recognize recognise cite discuss express seek
    refuse decline plan intend threaten vote acknowledge mention see tout target encourage
    bemoan disavow talk speak refer apologize apologise weigh offer share list name campaign
    chant lobby fight focus remember ignore decide choose echo compare identify remind
    advocate push decry debate address react forget understand reaffirm protest like
    worry seem appear sound repeat post publish imply articulate recite reference coin
    present read rail plead boo cheer wonder shrug balk interpret demonstrate mull envision
    suspect regard deem view convince persuade lean embrace approve resist accept pursue aim
    attempt avoid project deliver lambast scold taunt""".split()
)
# Verbs of action and motion that the learned classifier takes for cues far more often than
# PolNeAR does (PolNeAR train: 'take' 7 right of 42, 'send' 2 of 20, 'put' 5 of 19): never cues.
NOT_CUE_VERBS = frozenset(
    """take send put pass poise distance turn expand race suspend celebrate eke descend dwell
    forward cause cement rush resonate discover""".split()
)
# The tagger's lemma slips on cue verbs ('hoping' -> 'hop').
LEMMA_FIXES = {"hop": "hope"}
# Speech verbs whose object is never reported content ("continue to respond").
NO_OBJECT_CUES = frozenset("""continue go""".split())
# Verbs whose 'to'/'on' phrase is their audience or occasion, not what they report ('spoke to
# reporters', 'spoke on Monday', 'added to the tension'; PolNeAR train: 6 of 49 were content).
AUDIENCE_PREP_VERBS = frozenset("""speak talk add""".split())
# Prepositions that introduce an attitude verb's object ("called for", "talked about").
OBJECT_PREPS = frozenset("""for about against of as on to""".split())
# "expressed confidence that ...", "voiced concern that ...": a stance noun carries the clause.
STANCE_VERBS = frozenset("express voice".split())
STANCE_NOUNS = frozenset(
    """confidence hope concern belief conviction certainty doubt regret fear satisfaction
    readiness surprise regret dismay disappointment""".split()
)
# Verbs whose object is the addressee: "told reporters", "assured journalists".
ADDRESSEE_VERBS = frozenset("""tell inform assure notify brief advise warn remind""".split())
# "went on" / "pointed out": the particle belongs to the cue.
PARTICLE_CUES = frozenset({("point", "out"), ("go", "on"), ("spell", "out")})
# A cue that needs its particle to be a cue at all ("pointed" alone is not).
PARTICLE_REQUIRED = frozenset({"point", "go", "spell"})

PRONOUNS_PERSON = frozenset({"he", "she", "him", "her"})
PRONOUNS_GROUP = frozenset({"they", "them"})
PRONOUNS_FIRST = frozenset({"i", "we", "me", "us"})
# Subjects of a relative clause that speak for the noun the clause hangs on ('that' does not:
# PolNeAR's source is then the noun).
RELATIVE_PRONOUNS = frozenset({"who", "which"})

ROLE_NOUNS = frozenset(
    """official officials secretary minister ministers spokesman spokeswoman spokesperson
    diplomat diplomats president leader ambassador chairman chairwoman chair head envoy
    governor mayor senator lawmaker lawmakers legislator premier chancellor director chief
    commander general officer representative deputy aide adviser advisor analyst expert
    experts source sources prosecutor judge lawyer attorney politician candidate member
    members counsellor negotiator economist researcher scientist professor executive ceo
    founder owner manager king queen prince monarch pope cardinal bishop patriarch mufti
    sheikh emir sultan speaker""".split()
)
ORG_HEADS = frozenset(
    """ministry ministries office service committee commission council kremlin government
    agency department administration parliament duma senate congress court police army
    military embassy consulate company corporation bank party union alliance organization
    organisation association federation board bureau secretariat cabinet presidium
    headquarters command staff mission delegation assembly chamber house spokesperson
    press-service press white newspaper paper agency portal channel website outlet
    broadcaster magazine daily tv radio network newsroom firm group institute university
    exchange utility center centre""".split()
)
# Documents that "say" things on behalf of their issuer ("the statement said").
DOCUMENT_HEADS = frozenset(
    """statement report communique communiqué release document decree resolution letter
    declaration announcement notice message memo analysis study survey forecast research
    review assessment""".split()
)
# Organisations described, not named ("a think tank", "the watchdog"): the article's main
# organisation source when it names one.
DESCRIBED_ORGS = frozenset("""tank watchdog regulator lender insurer""".split())
GROUP_HEADS = frozenset(
    """officials sources experts analysts diplomats lawmakers residents""".split()
)
# Polls speak for their respondents ('a new poll showing Trump ahead', 'in a CNN poll, ...').
POLL_NOUNS = frozenset("""poll polls survey surveys""".split())
# Common nouns for people who hold positions ('voters backing Sanders').
PEOPLE_NOUNS = frozenset(
    """people person voter voters supporter supporters donor donors activist activists
    pac pacs group groups campaign critic critics backer backers conservative conservatives
    liberal liberals democrat democrats republican republicans""".split()
)
# Country -> demonym ('Police in India' -> Indian police; names across articles)
DEMONYMS = {
    "russia": "russian", "ukraine": "ukrainian", "china": "chinese", "japan": "japanese",
    "france": "french", "germany": "german", "britain": "british", "uk": "british",
    "us": "american", "usa": "american", "america": "american", "united states": "american",
    "iran": "iranian", "turkey": "turkish", "syria": "syrian", "afghanistan": "afghan",
    "hungary": "hungarian", "korea": "korean", "south korea": "korean",
    "north korea": "north korean", "belarus": "belarusian", "israel": "israeli",
    "india": "indian", "italy": "italian", "spain": "spanish", "poland": "polish",
    "egypt": "egyptian", "iraq": "iraqi", "pakistan": "pakistani", "kazakhstan": "kazakh",
    "serbia": "serbian", "georgia": "georgian", "armenia": "armenian", "moldova": "moldovan",
    "azerbaijan": "azerbaijani", "cuba": "cuban", "venezuela": "venezuelan",
    "mexico": "mexican", "canada": "canadian", "australia": "australian",
}  # fmt: skip

