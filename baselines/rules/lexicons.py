"""Hand-written word lists for rules.v1: real lists (countries, demonyms, months), speech verbs, triggers."""

from __future__ import annotations

COUNTRIES = """Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan Bahrain
Bangladesh Belarus Belgium Belize Benin Bhutan Bolivia Bosnia Botswana Brazil Brunei Bulgaria Burkina Burundi
Cambodia Cameroon Canada Chad Chile China Colombia Comoros Congo Croatia Cuba Cyprus Czechia Denmark Djibouti
Dominica Ecuador Egypt Eritrea Estonia Eswatini Ethiopia Fiji Finland France Gabon Gambia Georgia Germany Ghana
Greece Grenada Guatemala Guinea Guyana Haiti Honduras Hungary Iceland India Indonesia Iran Iraq Ireland Israel
Italy Jamaica Japan Jordan Kazakhstan Kenya Kiribati Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia
Libya Liechtenstein Lithuania Luxembourg Madagascar Malawi Malaysia Maldives Mali Malta Mauritania Mauritius
Mexico Micronesia Moldova Monaco Mongolia Montenegro Morocco Mozambique Myanmar Namibia Nauru Nepal Netherlands
Nicaragua Niger Nigeria Norway Oman Pakistan Palau Palestine Panama Paraguay Peru Philippines Poland Portugal
Qatar Romania Russia Rwanda Samoa Senegal Serbia Seychelles Singapore Slovakia Slovenia Somalia Spain Sudan
Suriname Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand Togo Tonga Tunisia Turkey Turkmenistan
Tuvalu Uganda Ukraine Uruguay Uzbekistan Vanuatu Venezuela Vietnam Yemen Zambia Zimbabwe Britain England
Scotland Wales America""".split()
MULTIWORD_GPE = ["United States", "United Kingdom", "New Zealand", "South Africa", "South Korea", "North Korea",
                 "Saudi Arabia", "Sri Lanka", "Costa Rica", "El Salvador", "Hong Kong", "New South Wales",
                 "United Arab Emirates", "Czech Republic", "Ivory Coast", "Papua New Guinea", "Washington, D.C.",
                 "New York", "U.S.", "US", "UK", "U.K.", "USA"]
CITIES = """Paris London Washington Canberra Berlin Rome Madrid Moscow Beijing Tokyo Delhi Cairo Tehran Baghdad
Damascus Ankara Istanbul Athens Brussels Geneva Vienna Warsaw Kyiv Kiev Melbourne Sydney Adelaide Perth Ottawa
Toronto Tripoli Riyadh Doha Dubai Muscat Tunis Algiers Lagos Abuja Nairobi Jakarta Manila Seoul Pyongyang Taipei
Biarritz Normandy California Texas Florida Virginia""".split()
DEMONYMS = """French American Americans Australian Australians British German Germans Italian Chinese Japanese
Russian Russians Iranian Iranians Iraqi Syrian Syrians Turkish Kurdish Kurds Saudi Israeli Israelis Palestinian
Palestinians Egyptian Libyan Greek Cypriot Indian Pakistani Korean European Europeans African Arab Arabs Muslim
Muslims Christian Christians Jewish Democrat Democrats Democratic Republican Republicans Conservative
Conservatives Labour Tunisian Brazilian Canadian Spanish Polish Ukrainian Omani Nigerian Beninese Emirati
Lebanese Afghan Afghans Mexican Dutch Irish Scottish Swiss Swedish Norwegian Danish Finnish Austrian Belgian
Portuguese Hungarian Czech Romanian Bulgarian Serbian Croatian Sunni Shia Shiite""".split()
ORGS = ["United Nations", "UN", "EU", "NATO", "European Union", "State Department", "Department of State",
        "White House", "Pentagon", "Congress", "Senate", "House of Representatives", "Supreme Court", "Parliament",
        "European Commission", "European Council", "African Union", "G7", "G20", "G-7", "Quad", "ASEAN", "AUKUS",
        "IAEA", "World Health Organization", "WHO", "Security Council", "General Assembly", "Kremlin", "Elysee",
        "Elysée", "Reuters", "BBC", "CNN", "Associated Press", "AP", "Democratic Party", "Republican Party",
        "Conservative Party", "Labour Party", "Liberal Democrats", "NASA", "FBI", "CIA", "Hezbollah", "Hamas",
        "ISIS", "Taliban", "Five Eyes"]
LOCS = ["Europe", "Asia", "Africa", "Middle East", "Indo-Pacific", "Pacific", "Atlantic", "Mediterranean",
        "Persian Gulf", "Gulf", "Amazon", "Arctic", "Antarctica", "Sahel", "Latin America", "South China Sea",
        "Eastern Mediterranean", "Balkans", "Caribbean"]
LANGUAGES = ["English", "Arabic", "Mandarin", "Cantonese"]

MONTHS = ("January February March April May June July August September October November December "
          "Jan. Feb. Aug. Sept. Oct. Nov. Dec.").split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
                "hundreds thousand thousands million millions billion billions dozen dozens").split()
ORDINAL_WORDS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth twentieth "
                 "hundredth").split()
# whole titles, multi-word ones as one entry ("Prime Minister", not "Prime" and "Minister"); they may
# stack ("Former Foreign Minister"), and they stay outside PERSON spans (guidelines §1.2)
TITLES: tuple[str, ...] = (
    "President", "Vice President", "Prime Minister", "Deputy Prime Minister", "Foreign Minister",
    "Defense Minister", "Defence Minister", "Minister", "Secretary of State", "Secretary-General",
    "Secretary General", "Secretary", "Senator", "Sen.", "Rep.", "Representative", "Governor", "Gov.", "Mr.", "Mrs.",
    "Ms.", "Dr.", "Chancellor", "King", "Queen", "Crown Prince", "Prince", "Princess", "Sultan", "Speaker",
    "Ambassador", "General", "Gen.", "Admiral", "Pope", "Mayor", "Judge", "Justice", "Chief Justice", "Premier",
    "Leader", "Supreme Leader", "Chairman", "Director", "Spokesperson", "Spokesman", "Spokeswoman", "Sheikh",
    "Emir", "Former", "Attorney General", "Foreign Secretary", "Home Secretary", "Defense Secretary",
)
ORG_HEADS = ("Party Council Ministry Department Agency Court Committee Commission Union Organization "
             "Organisation Association Forces Army Navy University Institute Bank Company Corporation Group "
             "Office Parliament Assembly Congress Administration Authority Service Network Times Post "
             "News Airlines Air Foundation Alliance Coalition Front Movement").split()

SPEECH_VERBS = ("said says say stated states told tells added adds noted notes stressed announced announces "
                "claimed claims insisted warned urged explained argued wrote tweeted confirmed denied reiterated "
                "declared asserted acknowledged emphasized emphasised affirmed reported replied responded "
                "suggested remarked commented described called asked predicted estimated maintained "
                "underscored highlighted conceded admitted revealed disclosed").split()

TRIGGERS: dict[str, str] = {}
for _type, _words in {
    "MEET": "met meet meets meeting meetings talks summit dialogue discussed discussion discussions "
            "conference consultations one-on-one bilateral negotiations negotiated convened gathering",
    "PHONE_WRITE": "call called phoned letter wrote spoke videoconference telephone",
    "BROADCAST": "briefing speech interview remarks statement address",
    "TRAVEL": "visit visited visiting visits trip travel traveled travelled arrived arrive returned flew tour",
    "AGREE": "agreed signed sign signing pledged pledge committed joined ratified struck",
    "CANCEL_AGREEMENT": "scrapped scrapping scrap withdrew withdraw withdrawal cancelled canceled suspended "
                        "terminated",
    "SUPPORT": "praised welcomed endorsed supported support backed congratulated thanked apologized "
               "apologised reassured commended",
    "REQUEST": "urged urge demanded demand demands requested request appealed invited invitation",
    "REJECT": "rejected refused refuse denied vetoed rejects declined",
    "ACCUSE": "accused criticized criticised condemned condemn blamed denounced denounces accuses",
    "THREATEN": "threatened threatens threat threats",
    "SANCTION": "sanctions sanctioned embargo banned ban expelled recalled",
    "START_POSITION": "appointed hired sworn inaugurated",
    "END_POSITION": "resigned resignation retired fired ousted stepped",
    "ELECT": "elected election won re-elected elections",
    "NOMINATE": "nominated nomination",
    "LEGISLATE": "passed legislation decree law bill voted",
    "TRANSFER_OWNERSHIP": "bought sold purchase acquired delivered",
    "TRANSFER_MONEY": "funding funded aid donated paid invested loan",
    "ATTACK": "attack attacks attacked strike strikes bombing bombed shot shooting invasion invaded war "
              "fighting fired killed",
    "DEMONSTRATE": "protest protests protesters demonstration demonstrations rally march",
    "INVESTIGATE": "investigation inquiry probe investigating investigate",
    "ARREST": "arrested arrest detained",
    "CHARGE": "charged indicted impeachment impeached subpoena",
    "TRIAL": "trial convicted acquitted",
    "SENTENCE": "sentenced sentence",
    "DIE": "died dies death dead deaths",
    "INJURE": "injured wounded injuries",
    "DISASTER": "fire fires explosion storm crash earthquake flood pandemic outbreak wildfires",
}.items():
    for _w in _words.split():
        TRIGGERS.setdefault(_w, _type)
