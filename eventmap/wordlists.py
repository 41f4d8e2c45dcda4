"""Words that look like place names in war reports but are not event places.

Foreign countries and cities come from GeoNames (built into `data/foreign_names.txt`); the lists
here are the words GeoNames has no file for: nationalities (every country's), common English words met capitalised
in headlines, and the words that mark armed groups, people and institutions.
"""

from __future__ import annotations

# Not 'western': "the Western Ghouta" is a place (alone, 'Western' is a common word below).
NATIONALITIES = frozenset(
    """
    afghan afghans albanian algerian american americans arab arabs arabian armenian australian
    austrian azerbaijani azeri bahraini bangladeshi belgian bosnian british bulgarian canadian
    caucasian chechen chechens chinese circassian croatian czech danish dutch egyptian egyptians
    emirati english european europeans french frenchman georgian german germans greek gulf indian
    indonesian iranian iranians iraqi iraqis irish israeli israelis italian japanese jordanian
    jordanians kazakh kosovar kurd kurdish kurds kuwaiti kyrgyz lebanese libyan libyans malaysian
    moroccan norwegian omani pakistani pakistanis palestinian palestinians persian qatari russian
    russians saudi saudis somali spanish sudanese swedish swiss syrian syrians tajik tatar tunisian
    tunisians turk turkish turkmen turkistani turkestani turks uighur uyghur uzbek uzbeks
    westerners yemeni yemenis shiite shia sunni sunnis alawite alawites druze christian christians
    muslim muslims islamic jewish wahhabi takfiri salafi
    afghani african algerians andorran angolan argentine argentinian argentinians armenians australians
    azerbaijanis bahrainis belarusian belarusians beninese bhutanese bolivian bolivians botswanan brazilian
    brazilians briton britons bruneian burkinabe burmese burundian cambodian cameroonian canadians chadian
    chilean chileans colombian colombians congolese cuban cubans cypriot cypriots danes djiboutian dominican
    ecuadorian ecuadorians emiratis eritrean eritreans estonian ethiopian ethiopians filipino filipinos
    finnish finns gabonese gambian georgians ghanaian greeks guatemalan guinean haitian honduran hungarian
    hungarians icelandic indians indonesians italians ivorian jamaican kazakhs kazakhstani kenyan kenyans
    korean koreans kuwaitis kyrgyzstani lankan laotian latvian leonean liberian liechtensteiner lithuanian
    luxembourger luxembourgish macedonian malawian malaysians maldivian malian maltese mauritanian
    mauritanians mexican mexicans moldovan monegasque mongolian montenegrin moroccans mozambican namibian
    nepalese nepali nicaraguan nigerian nigerians nigerien norwegians omanis panamanian paraguayan peruvian
    peruvians poles polish portuguese qataris rican romanian romanians rwandan salvadoran scots scottish
    senegalese serb serbian serbs singaporean slovak slovakian slovenian somalis spaniard spaniards swedes
    tajikistani tanzanian thai togolese ugandan ukrainian ukrainians uruguayan uzbekistani venezuelan
    venezuelans vietnamese welsh yemenite zambian zealander zimbabwean
    """.split()
)

# Rivers and seas: "east of the Euphrates" names a bank hundreds of kilometres long, not a place an
# event can be pinned to (anchoring it at another place of the paragraph put "Euphrates" markers in
# Hama and Daraa). Names built on them ("Euphrates Dam") are places.
WATER_NAMES = frozenset("euphrates tigris orontes balikh mediterranean".split())

# Capitalised in headlines and news prose, and sometimes an alternate name of a Syrian village.
COMMON_WORDS = frozenset(
    """
    a about above across after again against air airport all along also among an and another any
    are area areas army around as at attack attacks back base battle battles be been before behind
    being below between both brigade brigades but by camp center centre central city civil clashes
    coalition command commander control council countryside court day days defense defence
    democratic district down during each east eastern east-northeast eleven embassy enemy enter
    entered every east-southeast far few field fields fifth first five for force forces foreign four
    fourth free from front general government governorate group groups guard guards have he her here
    high highway hill hills his hospital house hundreds in inside into is it its king large last
    left liberation line local main major man media men middle military militants militia ministry
    more most mount mountain mountains national near new news next nine no north northeast northern
    northwest not now of office official officials old on one only operation operations opposition
    or other our out outside over palace party peace people plain plains police popular port
    president province public rebel rebels red region regime republic republican resistance revolution
    right river road rural said school second security seven she side six small some source sources
    south southeast southern southwest special state states station strategic street strike strikes
    such sunday monday tuesday wednesday thursday friday saturday january february march april may
    june july august september october november december ten terrorist terrorists than that the their
    them then there these they third this those three through to today tomorrow town towns troops
    two under union united unit units up upon valley very video village villages war was we were
    west western what when where which while white who will with within without world yesterday
    you zone gunmen fighters soldiers civilians casualties headquarters southeastern southwestern northeastern northwestern southeast southwest
    shahid shaheed martyr martyrs
    northeast northwest eastern western northern southern upper lower greater old new al-
    airbase division regiment battalion army's reuters afp ap sana fna faculty adviser advisor arabic
    olympiad dec jan feb mar apr jun jul aug sep sept oct nov yazidi yazidis nato un eu gcc opcw unesco
    unicef affairs convention sir lord minister ministers deputy ambassador envoy excellency fall
    embassy gate cathedral church mosque museum month aerial dar vehicle department
    """.split()
)

# A capitalised name that ends in one of these is an organisation or force, not a place.
ORGANISATION_WORDS = frozenset(
    """
    army armies forces force brigade brigades battalion battalions regiment division divisions corps
    guard guards front council ministry ministries committee commission union nations organization
    organisation party movement group groups agency coalition alliance command militia militias
    police authority authorities government administration office institute university company
    observatory network channel tv television radio news agency committees units unit league
    association federation foundation bank assembly parliament court crescent cross convention
    conference summit forum programme program fund organization international school
    """.split()
)

# First words of armed-group names that hold a place: "Liwa al-Quds", "Jaish al-Islam".
GROUP_PREFIXES = frozenset(
    """
    liwa liwaa jaish jaysh jabhat jabha harakat harakah ahrar faylaq failaq kataib kata'ib katibat
    katiba saraya sarayat hayat hay'at hayaat hayyaat haiat tahrir ansar jund junud fatah fath hizb
    hezb quwat quwwat
    """.split()
)

# Armed groups known by one word ("al-Nusra", "Daesh"): a name run holding one is never a place
# ("Nasra" is a village in Homs).
GROUP_NAMES = frozenset(
    """
    nusra nusrah daesh daish isis isil hezbollah hizbollah hizballah hizbullah ypg ypj sdf hts fsa pkk
    pyd taliban qaeda qaida
    """.split()
)

# Aliases GeoNames gives Syrian places that news uses for something else: "al-Sham" is the Levant
# in "Jabhat Fateh al-Sham", "Ahrar al-Sham", "Bilad al-Sham", not Damascus.
NOT_PLACE_ALIASES = frozenset("sham cham shaam الشام شام".split())

# Titles that announce a person, whose name must not be read as a place.
PERSON_TITLES = frozenset(
    """
    president minister secretary spokesman spokeswoman envoy general gen colonel col major
    lieutenant lt captain capt mr mrs ms dr king prince emir ayatollah pope leader
    commander ambassador chairman chief premier mufti imam brigadier sergeant sgt senator
    advisor adviser chairwoman chairperson governor mayor director representative
    """.split()
)


# Personal names that are also the names of Syrian villages ("Husayn", "Abbas"): a single word of
# these is a place only with a cue ("the village of Husayn"); an unknown name holding one is a person.
PERSON_NAMES = frozenset(
    """
    assad asaad asad abbas hussein husayn hossein hussain haddad maria mary sabah sabbah ali hassan hasan
    mohammad muhammad mohamed mohammed ahmad ahmed omar umar khaled khalid walid bashar hafez maher
    ibrahim mahmoud mustafa youssef yousef yusuf adnan samir salim karim faisal hamad hamza zahra zahraa
    fatima aisha mariam maryam ghazi nasser nasr qasim kassem qassem qasem soleimani suleimani jamil rami riad riyad tarek tariq ziad
    anas bilal jaafar saleh salah mansour mansur moussa musa issa yahya zaid zeid hamid rashid majid
    abdul abdel abdullah abdallah abdulmohsen putin lavrov kerry obama trump erdogan nasrallah moallem
    muallem mikdad miqdad jaafari jafari zakharova mistura staffan annan brahimi john james david
    michael sergei sergey vladimir donald barack hillary francois angela boris theresa recep tayyip
    rouhani khamenei zarif shoigu tillerson mattis pompeo guterres ki-moon anne hilal imad emad
    joseph josef sarah sara jane marie mariah hannah hanna derek derrick serena mann meyer mayer ezra
    tom sam jenna arjun nada
    """.split()
)

# English words that a spelling of a Syrian village's name normalises to ("Has", "Dam" -> Damascus,
# "Road" -> Arwad, "Game" -> Hama). Title-case headlines ("Man Killed In Dam Blast") and sentence
# starts capitalise them, so one of these alone is a place only with a cue: "the village of Has",
# "Has village", or a lower-case "in Has"/"near Has". Found by running the 30,000 most frequent
# English words (wordfreq, a one-off check, not a dependency) through the gazetteer index.
ENGLISH_WORD_NAMES = frozenset(
    """
    has same game gamma sure tell seen able share ball balls bales miles mile male hall hole till
    cat ray fake kinda tall harm babies babes sin shake dare mall nazi khan habit bare barre dam safer
    demo hull soda sore bake sphere dome haul karma sour tub nobel shin sheen sane dire hare mare ware
    foe attire siren sarin sahara rake rattle slug slough kart butte nave silo hummus hms bench
    """.split()
)

# Words after a capitalised name that make it a speaker, not a place ("Mikdad said").
SPEECH_VERBS = frozenset(
    """
    said says told added stressed affirmed noted called urged indicated asserted explained emphasized
    emphasised underlined warned announced confirmed described voiced expressed welcomed condemned
    received met discussed reiterated highlighted clarified pointed went
    """.split()
)

# First words of many village names: matched alone they are a fragment ("Kafr" of "Kafr Nabl").
NAME_PREFIX_WORDS = frozenset(
    "kafr kfar tal tell tall til deir dayr dair khirbet khirbat ain ayn ein beit bayt umm um abu jabal jebel "
    "ras qasr kasr mazraat mazraa tal'at jisr wadi marj bir sheikh shaykh khan jubb jub jib jeb "
    "maarat maarrat ma'arrat maaret".split())

# Last words that split one village into two or more ("Baghuz Fawqani" and "Baghuz at-Tahtani",
# upper and lower; big and small; east, west, north, south; old and new): reports often name just "Baghuz".
SPLIT_VILLAGE_QUALIFIERS = frozenset(
    "fawqani fauqani foqani fouqani tahtani tahtany kabir kabira kabirah kabireh kebir kebira saghir saghira "
    "saghirah saghireh sghir sharqi sharqiya sharqiyah gharbi gharbiya gharbiyah shamali shamaliya shamaliyah "
    "janubi janubiya janubiyah qibli qadima qadimah qadimeh jadida jadidah jadideh".split())
