r"""Message language guesser: a fast, offline tag per message body, for language coverage.

The threat model only scores the languages it was trained on; :func:`coverage` tells the
examiner how many messages were in other languages (so were not really scored) and how
many could not be told at all. :func:`guess` gives one BCP-47-style tag per message:
a language from :data:`LANGS` or ``"und"`` (undetermined).

How it decides (one pass over the UTF-8 bytes in a Numba kernel, no models, no
downloads):

1. **Scripts.** Every letter is counted by script (Latin, Cyrillic, Arabic, Greek,
   Hebrew, Devanagari, Bengali, Gurmukhi, ..., Hangul, Kana, Han). Digits, punctuation,
   symbols and emoji count for nothing; a whitespace-separated chunk that is a link or
   an e-mail address (``://``, ``www.``, ``x@y.z``) is skipped whole.
2. **Evidence.** Words (runs of letters; an apostrophe between letters stays in the
   word) are lower-cased and stripped of diacritics (``não`` -> ``nao``, ``ß`` ->
   ``ss``), hashed and looked up in a table of function words and chat words per
   language (:data:`WORDS`). A word listed for k languages gives each ``weight / k``,
   so shared words ("de", "no", "se") weigh little. Distinctive letters add
   evidence of their own (:data:`LETTERS`: ``ł`` Polish, ``ã`` Portuguese, ``ß``
   German, ``ے`` Urdu, ``ة`` Arabic, ``ї`` Ukrainian, ``ђ`` Serbian, ...).
3. **Decision.** The script with the most letters wins (Han together with any kana is
   Japanese). Non-Latin scripts name their language from the evidence among that
   script's languages, else the script's default (Cyrillic -> ``ru``, Arabic script ->
   ``ar``, Devanagari -> ``hi``, Han -> ``zh``, ...); at least 2 letters are needed (1
   for Han, kana and Hangul). Latin script needs evidence: the best language must score
   at least ``1.0`` (one distinctive word), beat the runner-up by ``0.5``, and in
   messages of 4+ words at least 15% of the words must be known words. Otherwise the
   message is ``"und"``.

Tags: ISO 639-1 codes, plus ``ur-Latn`` (Urdu typed in Latin letters, as in UK chats;
Arabic-script Urdu is ``ur``), ``hbs`` (Bosnian / Croatian / Serbian in Latin letters;
Cyrillic Serbian is ``sr``), ``ckb`` (Sorani Kurdish), ``syr`` (Syriac) and ``und``.

Conventions (documented choices, not accidents):

* English chat shorthand (``u``, ``ur``, ``lol``, ``omw``, ``wyd``, ``idk``) counts as
  English; ``u``, ``ur``, ``lol``, ``lmao`` weigh half a word, so on their own they are
  ``und``. ``ok``, ``haha``, ``xx``, emoji, numbers and links carry no evidence.
* Roman Urdu chat words weigh 1.5. English / Roman Urdu code-mixed chat ("yaar I
  can't, kal milte hain", "main busy hoon, will call u later") is tagged ``ur-Latn``
  when English or Roman Urdu leads and the Urdu evidence is at least 2.0 (two Urdu
  words, or more shared ones) and at least half the English evidence; one "yaar" in an
  English message stays ``en``. Both are trained languages, so coverage does not depend
  on this choice.
* Romanised Hindi / Punjabi chat shares its words with Roman Urdu and is tagged
  ``ur-Latn``; Arabizi (Arabic in Latin letters and digits) is mostly ``und``.
* Closely related pairs on little text (cs/sk, da/no/sv, es/pt/ca/gl, hbs/sl, id/ms)
  fall to ``und`` when no word tells them apart; Malay is tagged ``id``, Tigrinya
  (Ge'ez script) ``am``, Marathi / Nepali ``hi`` unless one of their few listed words
  is present.

Throughput: well over 200k typical SMS (40-80 chars) per second on one core after the
first call (Numba compiles once and caches; see ``tests/text/test_lang.py``).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

import numpy as np
import pyarrow as pa
from numba import njit

__all__ = ["LANGS", "UND", "WORDS", "LETTERS", "guess", "coverage"]

UND = "und"

# ----------------------------------------------------------------------------------------
# Scripts. Index 0 is "not a letter"; the order of the rest is the tie-break order.
# ----------------------------------------------------------------------------------------
_SCRIPTS = (
    "NONE", "LATIN", "CYRILLIC", "ARABIC", "GREEK", "HEBREW", "DEVANAGARI", "BENGALI",
    "GURMUKHI", "GUJARATI", "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM",
    "SINHALA", "THAI", "LAO", "TIBETAN", "MYANMAR", "GEORGIAN", "ARMENIAN", "ETHIOPIC",
    "KHMER", "THAANA", "SYRIAC", "HANGUL", "KANA", "HAN",
)
_S = {name: i for i, name in enumerate(_SCRIPTS)}
_KANA, _HAN, _HANGUL = _S["KANA"], _S["HAN"], _S["HANGUL"]
assert (_HANGUL, _KANA, _HAN) == (26, 27, 28)  # literals in the kernel
_JOIN = 255  # combining marks, ZWJ/ZWNJ: inside a word, not a letter of their own
_APOS = 254  # apostrophes: inside a word only between two letters

# Unicode name prefixes -> script (for building the codepoint table)
_NAME_PREFIX = {
    "LATIN": "LATIN", "CYRILLIC": "CYRILLIC", "ARABIC": "ARABIC", "GREEK": "GREEK",
    "HEBREW": "HEBREW", "DEVANAGARI": "DEVANAGARI", "BENGALI": "BENGALI",
    "GURMUKHI": "GURMUKHI", "GUJARATI": "GUJARATI", "ORIYA": "ORIYA", "TAMIL": "TAMIL",
    "TELUGU": "TELUGU", "KANNADA": "KANNADA", "MALAYALAM": "MALAYALAM",
    "SINHALA": "SINHALA", "THAI": "THAI", "LAO": "LAO", "TIBETAN": "TIBETAN",
    "MYANMAR": "MYANMAR", "GEORGIAN": "GEORGIAN", "ARMENIAN": "ARMENIAN",
    "ETHIOPIC": "ETHIOPIC", "KHMER": "KHMER", "THAANA": "THAANA", "SYRIAC": "SYRIAC",
    "HANGUL": "HANGUL", "HALFWIDTH HANGUL": "HANGUL", "HIRAGANA": "KANA",
    "KATAKANA": "KANA", "HALFWIDTH KATAKANA": "KANA", "CJK": "HAN",
}

# ----------------------------------------------------------------------------------------
# Languages: tag -> (script, is the script's default). Order is the tie-break order.
# ----------------------------------------------------------------------------------------
_LANG_SCRIPT: dict[str, tuple[str, bool]] = {
    # Latin script: the trained languages first, then common UK community languages
    "en": ("LATIN", False), "pl": ("LATIN", False), "pt": ("LATIN", False),
    "es": ("LATIN", False), "fr": ("LATIN", False), "de": ("LATIN", False),
    "ur-Latn": ("LATIN", False),
    "it": ("LATIN", False), "nl": ("LATIN", False), "ro": ("LATIN", False),
    "tr": ("LATIN", False), "lt": ("LATIN", False), "lv": ("LATIN", False),
    "sq": ("LATIN", False), "so": ("LATIN", False), "cy": ("LATIN", False),
    "ga": ("LATIN", False), "sk": ("LATIN", False), "cs": ("LATIN", False),
    "hu": ("LATIN", False), "sv": ("LATIN", False), "da": ("LATIN", False),
    "no": ("LATIN", False), "fi": ("LATIN", False), "et": ("LATIN", False),
    "hbs": ("LATIN", False), "sl": ("LATIN", False), "ca": ("LATIN", False),
    "id": ("LATIN", False), "tl": ("LATIN", False), "vi": ("LATIN", False),
    "sw": ("LATIN", False), "af": ("LATIN", False),
    # Cyrillic
    "ru": ("CYRILLIC", True), "uk": ("CYRILLIC", False), "bg": ("CYRILLIC", False),
    "sr": ("CYRILLIC", False), "mk": ("CYRILLIC", False), "be": ("CYRILLIC", False),
    # Arabic script
    "ar": ("ARABIC", True), "ur": ("ARABIC", False), "fa": ("ARABIC", False),
    "ps": ("ARABIC", False), "ckb": ("ARABIC", False),
    # Devanagari
    "hi": ("DEVANAGARI", True), "mr": ("DEVANAGARI", False), "ne": ("DEVANAGARI", False),
    # one language per script
    "el": ("GREEK", True), "he": ("HEBREW", True), "bn": ("BENGALI", True),
    "pa": ("GURMUKHI", True), "gu": ("GUJARATI", True), "or": ("ORIYA", True),
    "ta": ("TAMIL", True), "te": ("TELUGU", True), "kn": ("KANNADA", True),
    "ml": ("MALAYALAM", True), "si": ("SINHALA", True), "th": ("THAI", True),
    "lo": ("LAO", True), "bo": ("TIBETAN", True), "my": ("MYANMAR", True),
    "ka": ("GEORGIAN", True), "hy": ("ARMENIAN", True), "am": ("ETHIOPIC", True),
    "km": ("KHMER", True), "dv": ("THAANA", True), "syr": ("SYRIAC", True),
    "ko": ("HANGUL", True), "ja": ("KANA", True), "zh": ("HAN", True),
}

LANGS: tuple[str, ...] = tuple(_LANG_SCRIPT)
"""Every language tag :func:`guess` can return (besides :data:`UND`)."""

_LANG_IDX = {t: i for i, t in enumerate(LANGS)}

# ----------------------------------------------------------------------------------------
# Words per language: space-separated, written as people type them (diacritics are
# stripped before lookup, so "não" and "nao" are one entry); "word:w" sets a weight
# other than 1 (default per language in _LANG_WEIGHT).
# ----------------------------------------------------------------------------------------
WORDS: dict[str, str] = {
    "en": """
        the and you your you're youre yours i'm im i'll i've ive i'd it's its don't dont
        can't cant won't wont didn't didnt doesn't doesnt isn't wasn't aren't that that's
        thats this what what's whats with have has had was were are is be been not but
        for from they them their there here where when why how who will would could
        should can just about know want think going gonna wanna gotta get got come
        coming see tell told said say like love need now tonight today tomorrow
        yesterday again really sorry please thanks thank yeah yes yep nope hey hello
        hiya babe mate mum dad home work house call text phone later never still back
        out down some any our we us he she him her his my me it if or so to of in on at
        by off did do does doing an am
        omw wyd wbu hbu idk tbh ngl rn smh imo btw brb ttyl lmk pls plz thx tho cuz coz
        cos ya ye u:0.5 ur:0.5 lol:0.5 lmao:0.5 x:0 xx:0 ok:0 okay:0.5
        open door kids asleep finally meeting moved thursday monday tuesday wednesday
        friday saturday sunday week weekend next last time same night morning
        afternoon evening stop ignoring ignore send sent pic pics photo picture just
        landed sorted ta innit bruv wagwan fam match mad fixed yet proper knackered
        ill round worries no-one nobody someone something anything everything nothing
        battery dying borrow tenner traffic terrible leave alone alright alr right
        wrong sure fine good great nice bad sick tired busy free late early soon ready
        done finished left leaving left arrived arrive waiting wait outside inside
        upstairs downstairs car train bus taxi uber shop shops store money cash pay paid
        food dinner lunch breakfast tea coffee pub pint drink drinks party school
        college uni job boss kid baby son daughter wife husband boyfriend girlfriend
        brother sister mummy daddy nan nana grandad auntie uncle cousin friend friends
        mates guys people man woman girl boy lad lads love loves loved hate hates
        miss missed sleep sleeping asleep awake bed room kitchen garden door keys key
        message messages messaged texted texting calling called ring rang answer
        answered reply replied block blocked unblock number phone's whatsapp snap
        facebook insta online offline because about after before around until till
        while since through with without into onto under over between everyone
        everybody always usually sometimes maybe probably definitely actually honestly
        literally seriously basically anyway anyways though although however which
        whose whom these those such very much many more most less least little big
        small long short old new young first other another own every each both either
        neither enough only also too even ever well better best worse worst happy sad
        angry upset scared sorry worried excited bored funny weird fucking fuck shit
        damn bloody crap piss off idiot dick twat knob bitch slag wanker prick mess
        make made making take took taking give gave given giving find found keep kept
        let put bring brought buy bought pick picked meet met talk talked speak spoke
        listen heard hear feel felt look looked looking watch watched play played
        playing try tried trying help helped start started stay stayed move run ran
        walk walked drive drove driving remember forget forgot forgotten understand
        believe hope wish mean meant means happen happened happening change changed
        turn turned show showed ask asked tonight's today's yeah yea yh nah naw soz
        sry tmrw tmr tmw 2moro 2day 2nite gna wana cba wtf omg ffs fml bday hbd gn gm
        ily ilysm luv hun hunny darling sweetheart sweetie doll bestie
        doesnt shouldnt wouldnt couldnt havent hasnt hadnt werent youve youll youd
        theyre theyll weve well we're they're there's here's where's who's how's
        let's lets he's she's isnt wasnt arent aint
    """,
    "pl": """
        nie jest sie się że ze jak co ale czy tak ja ty mnie mi ci cię tu tutaj już
        jestem jesteś będzie będę mam masz był była to na w z dla przez przed po od do
        kurwa zaraz dobrze dobra proszę dziękuję dzięki kocham ciebie tobie wiem wiesz
        chcę chcesz może możesz gdzie kiedy dlaczego czemu bo teraz dziś dzisiaj jutro
        wczoraj kto nic wszystko można trzeba jeszcze tylko bardzo są hej siema nara
        spoko przepraszam twój twoja mój moja jego jej coś cos my on daj spokój spokoju
        kupisz kupić chleb odbierz wracaj wróć domu dom dobranoc kochanie ile kosztuje
        spóźnię widziałem widziałam pożałujesz ignoruj wolne dzień noc kurde weź chodź
        musisz muszę możemy będziesz jesteśmy pracy pieniądze kasa słuchaj powiedz
        powiedziałem mówię mówisz zrobić robię wiadomość skarbie misiu głupi
        spierdalaj zabiję nigdy zawsze kiedyś później potem też więc jeśli żeby gdy
        nas was nam wam mu mną tobą nim nią
        zostaw mieszkasz robisz odbierasz dzwonię zadzwoń napisz pisz czekam idę
    """,
    "pt": """
        não você vc eu meu minha teu tua seu sua ele ela vocês nós nosso isso isto esse
        essa este esta aqui aí com sem para pra pro por mas muito também já agora hoje
        amanhã ontem onde quando porque obrigado obrigada tudo bem estou está sou tenho
        tem tá tô vou vai vamos fazer faz fala falar quero queres sei saber ver nada
        coisa gente então tchau beijo beijos bom boa dia noite kkk:0.5 kkkk:0.5 rs:0.5
        rsrs oi olá cara mano pq tb de do da que os um uma no na mim te se lhe ficar
        fica estar ainda depois sempre nunca caralho porra foda amor atende ignorar
        amanhã folga chegar atrasado compra pão favor vi ontem arrepender volta quanto
        custa liga ligar mensagem responde responder trabalho dinheiro filho filha mãe
        pai marido mulher namorado namorada querida querido saudade saudades merda
        pode posso podes deixa manda mandar sabe acho preciso né cadê tava estava foi
        fui era casa
    """,
    "es": """
        que no yo tú el la los las lo un una es esta estoy eres soy estás tengo tienes
        tiene quiero quieres puedo puedes voy vas va vamos hay pero porque por para con
        sin mi me te le se muy bien más dónde cuándo cómo quién nada todo algo ahora hoy
        mañana ayer aquí allí gracias hola vale tío tía jaja:0.5 jajaja:0.5 pues ya sí
        del al mucho también nunca siempre eso esto ese oye mira joder puta cabrón hijo
        amor dime sabes qué pq tb de contestas contesta llamas llama vienes haces dices
        hablar hablamos estás nosotros vosotros ellos usted llego tarde compra pan
        favor coge arrepentir deja déjame dejame ignorarme vuelve casa buenas noches
        cariño cuánto cuesta libre llámame mensaje trabajo dinero hija madre padre
        marido mujer novio novia mierda vete ven venga estaba fue fui era hacer hago
        creo necesito luego después entonces guapa guapo bueno buena vaya claro mío
        tuyo contigo conmigo vi
    """,
    "fr": """
        je tu il elle nous vous ils on est c'est cest suis pas ne que qui quoi pour avec
        dans sur mais ou oui non moi toi lui mon ma ton ta ses mes tes les des une le la
        de du au aux ce cette ça va vais fait faire bien très trop merci bonjour bonsoir
        salut coucou demain aujourd'hui hier maintenant toujours jamais rien tout quand
        comment pourquoi j'ai jai t'es veux peux sais vas ai avoir être mdr ptdr stp svp
        bisous chez ici déjà encore même mec putain wesh bah bref genre parce ouais
        alors aussi vraiment beaucoup un en te se soir voir vois voit dis dit fais peut
        faut sont ont avez êtes était chose après avant peu arrive retard achète pain
        vu réponds regretter arrête ignorer rentre maison bonne nuit amour combien
        coûte congé appelle travail boulot argent fils fille mère père mari femme
        copain copine chérie chéri merde connard salope viens venir allez crois
        besoin dois là voilà d'accord dac grave ouf jsp jpp tkt bjr slt cv wsh
    """,
    "de": """
        ich du er sie es wir ihr mich dich mir dir nicht nich ist bin bist sind habe hab
        hast hat haben und oder aber mit auf für von zu bei nach das der die den dem ein
        eine einen was wie wo wer warum wann ja nein doch schon noch auch nur mal jetzt
        heute morgen gestern gut danke bitte hallo tschüss bis dann kann kannst will
        willst muss musst mein meine dein deine alles nichts immer schatz geil scheiße
        digga alter halt eigentlich weil dass wenn hier so am an in er komme kommst
        kommt später brot kaufen gesehen geh bereuen hör ignorieren hause zuhause
        gute nacht viel kostet frei ruf anrufen nachricht arbeit geld sohn tochter
        mutter vater mann frau freund freundin schatzi liebe arschloch hau ab komm
        weiß glaube brauche machen mache machst gemacht gerade grad bald vielleicht
        sicher klar genau lg hdl vllt bzw nix
    """,
    "ur-Latn": """
        hai hain nahi nahin nai kya kia mein main mai tum tu ap aap mujhe mujhay mujhse
        yaar yar acha achha accha kar karo karna karta karti kr krna ho hoon hun hu raha
        rahi rahe tha thi ko ka ki ke se bhi aur jo wo woh ye yeh abhi kal aaj kahan
        kidhar kyun kyu kaise kese kaisa theek thik thk bohat bahut bohot pata mera meri
        mere tera teri tere tumhara tumhari apna apni hum humein wapas bas chalo chal
        jao jaa ja dekh dekho bol bolo baat bata batao kuch kuchh sab log ghar pyar pyaar
        jaan jaanu shukriya bhai behen ammi abbu na haan han ji jee mat kabhi phir fir
        wala wali lagta lag samajh sun suno chup pagal kamina kutta khana kitna kitne
        kaun kon koi kisi sath saath liye lye hi me milte milo jaunga jaungi gaya gayi
        tujhe tujhse kaha kehna ruk ruko raho rehna dena lena de le roti aana aao aaye
        maine tumhe uske uska uski dekha dekhi uthao utha pachtao pachtaoge ge ga gi
        shab bakhair chutti kitni jaldi kaho sunao samjhe samjha karunga karungi
        karega karegi hoga hogi hua hui mila mili milna chahiye chahta chahti zaroor
        bilkul sirf kyunke kyunki lekin magar agar toh haramzada kutti bakwas nikal
        khuda hafiz
    """,
    "it": """
        che non sono sei ho hai ti mi ci io tu lui lei noi voi il lo la gli le un una
        per con di da del della nel ma anche sempre mai come cosa dove quando perché chi
        molto grazie ciao buongiorno buonanotte domani oggi ieri adesso ora già qui qua
        bene sto stai sta fare fatto voglio vuoi posso puoi devo amore tesoro cazzo
        vaffanculo dai boh allora questo questa quello niente tutto tutti ancora no sì
        in do è
    """,
    "nl": """
        ik je jij jou jouw wij we zij ze hij het een de van en is niet wat dat die dit
        met voor op aan maar ook nog al naar bij zijn ben bent heb hebt heeft kan kun
        wil moet ga gaat waar wanneer waarom hoe wie goed dank bedankt doei hoi nee ja
        mij mijn me jullie hun toch wel echt gewoon vandaag morgen gisteren nu straks
        lekker schat kut graag alsjeblieft was of in
    """,
    "ro": """
        și să nu eu tu el ea noi voi ei ce cu la pe de din în un ma mă te ești este
        sunt am ai are vreau poți pot unde când cum bine mulțumesc mersi bună salut
        iubesc iubire acum azi mâine ieri aici nimic tot foarte mai asta acesta care
        dacă doar pentru fără dar sau lui frate hai pa si sa da
    """,
    "tr": """
        ve bir bu şu ben sen biz siz onlar ne neden nasıl nerede evet hayır var yok
        değil çok iyi tamam şimdi bugün yarın dün seni beni sana bana ile için ama gibi
        daha kadar mi mu musun misin nasılsın seviyorum canım aşkım abi abla
        teşekkürler sağol merhaba selam lan hadi ya gel git geldim gidiyorum burada
        orada her şey bunu onu ki de da can neredesin nerdesin geliyorum geliyor
        napıyorsun napıyon görüşürüz özledim bekliyorum gelmiyorum biliyorum
    """,
    "lt": """
        ir kad kas tai ne aš tu jis ji mes jūs labas ačiū prašau taip gerai kur kada
        kodėl su man tau tave mane yra esi esu buvo bus noriu nori gali galiu dabar
        šiandien rytoj vakar viskas nieko labai myliu kaip bet ar jau dar čia ten eik
        ateik ką
    """,
    "lv": """
        un ir ka ar es tu viņš viņa mēs jūs man tev tevi mani vai ko kur kad kāpēc ne ja
        nav esmu esi labi paldies lūdzu sveiki čau labdien rīt šodien vakar tagad viss
        nekas ļoti mīlu gribu gribi vari varu bet jau vēl tas tā tikai šeit tur
    """,
    "sq": """
        unë ti ai ajo ne ju jam je është janë kam ke nuk po jo mirë faleminderit
        përshëndetje si ku kur pse me për nga dhe te që mua ty tani sot nesër dje shumë
        vetëm këtë atë kjo ky edhe ende tung zemër vëlla motra çfarë
    """,
    "so": """
        waan waxaan waxa iyo ma haa maya aad ayaa ayaan adiga aniga isaga iyada waad
        maxaa maxaad xaggee halkee goorma sidee nabad mahadsanid fiican hadda maanta
        berri shalay wax ku ka soo ii kuu waa ah baan baad walaal hooyo aabe jaceyl
        ogahay rabaa doonayaa tahay ahay sidaas haye warran iska wali
    """,
    "cy": """
        yr ac yn mae dwi wyt ti fi ni chi nhw ei fy dy ein eich nid ddim ydy ydw oes bod
        wedi gyda ar am beth pam sut ble pryd diolch helo shwmae cariad caru iawn da
        hefyd rŵan nawr heddiw yfory ddoe gen isio eisiau moyn ti'n dwi'n rwy rydw hwn
        hon yma yna fel mor llawer nos bore
    """,
    "ga": """
        agus tá is an na ar le go me tu se si sibh muid sinn mise tusa conas cad cén cé
        cathain dia duit dhuit slán maith agat agam ní níl bhfuil atá raibh bhí beidh
        anois inniu amárach inné grma tabhair abair mo do leat liom dom fáilte ceart
        leor eile seo sin ansin anseo mar nach níor ag chuig uait
    """,
    "sk": """
        je som si sme ste sú nie áno to čo ako kde kedy prečo kto ja ty on ona my vy
        oni mám máš má máme chcem chceš môžem môžeš ďakujem prosím ahoj čau dobre dnes
        zajtra včera teraz už ešte len tak veľmi nič všetko ktorý ktorá keď lebo
        pretože aj alebo ale sa mi ti ťa teba tebe mňa mne ľúbim láska hej no kurva z
        do po od
    """,
    "cs": """
        je jsem jsi jsme jste jsou ne ano to co jak kde kdy proč kdo já ty on ona my vy
        oni mám máš má máme chci chceš můžu můžeš děkuji díky prosím ahoj čau dobře dnes
        zítra včera teď už ještě jen tak moc velmi nic všechno který která když protože
        taky ale se si mi ti tě tebe tobě mně mě miluju miluji láska hele jo vole kurva
        není něco bude budu byl byla z do po od
    """,
    "hu": """
        az és egy nem igen van vagy vagyok vagyunk nincs hogy mit mi ki hol mikor miért
        hogyan mert de is meg már még csak most ma holnap tegnap köszi köszönöm szia
        sziasztok szeretlek szeretem jó jól rossz nagyon minden semmi itt ott te én
        engem téged neked nekem akarok akarsz tudom tudod kell lehet baszd kurva
        bazdmeg ugye persze oké
    """,
    "sv": """
        jag du han hon vi ni de dem mig dig mej dej sig och att det den en ett är var
        inte ja nej tack hej hejsa hur vad varför när vem med för på till från om men så
        bra kan vill ska har hade nu idag imorgon igår också bara mycket aldrig alltid
        inget allt alla älskar älskling puss kram jätte asså typ fan helvete okej just
    """,
    "da": """
        jeg du han hun vi de dem mig dig sig og at det den en et er var ikke ja nej tak
        hej hvordan hvad hvor hvorfor hvornår hvem med for på til fra om men så godt kan
        vil skal har havde nu idag igår også bare meget aldrig altid ingenting alt alle
        elsker skat knus kys fedt okay lige hvis noget her
    """,
    "no": """
        jeg du han hun vi dere de dem meg deg seg og at det den en et er var ikke ja nei
        takk hei hvordan hva hvor hvorfor når hvem med for på til fra om men så bra godt
        kan vil skal har hadde nå idag imorgen igår også bare mye veldig aldri alltid
        ingenting alt alle elsker kjæreste klem kos digg herregud noe hvis her
    """,
    "fi": """
        minä mä sinä sä hän me te he ja on ei en ole oon olen olet oot kyllä joo juu mitä
        mikä missä milloin miksi miten kuka kiitos moi hei terve moikka nyt tänään
        huomenna eilen hyvä huono paljon vähän kaikki mitään rakastan kulta anteeksi
        sun mun mulle sulle sua mua kanssa mutta tai että jos kun vaan vielä jo myös kyl
        vittu perkele saatana okei niin tää toi
    """,
    "et": """
        mina ma sina sa tema ta meie me teie te nemad nad ja ei on ole olen oled jah jaa
        mis kes kus millal miks kuidas aitäh tere tšau nüüd täna homme eile hea halb
        väga kõik midagi armastan kallis vabandust sind mind sulle mulle koos aga või
        kui et veel juba ka ikka kurat okei palun
    """,
    "hbs": """
        ja ti on ona mi vi oni je sam si smo ste su nisam nije jesam da ne šta što kako
        gdje gde kada kad zašto ko tko hvala molim zdravo bok ćao pozdrav dobro danas
        sutra jučer juče sada sad već još samo tako jako puno mnogo ništa sve koji koja
        jer ali ili se te me mene tebe tebi meni volim ljubav draga dragi hoću hoćeš
        mogu možeš moram idem ideš brate jebem jebote kurac bre aj ajde hajde lijepo
        lepo na za od do sa iz po kod kurva dobre
    """,
    "sl": """
        jaz ti on ona mi vi oni je sem si smo ste so nisem ni da ne kaj kako kje kdaj
        zakaj kdo hvala prosim živjo živijo dobro danes jutri včeraj zdaj že se samo
        tako zelo nič vse ki ker ampak ali in z te me mene tebe tebi meni rad rada
        ljubim hočem lahko moram grem pa ja lp na za od do po
    """,
    "ca": """
        jo tu ell ella nosaltres vosaltres ells és ets som sou són sóc estic estàs que
        què com on quan perquè qui gràcies merci si no hola adéu bon bona nit bé molt
        molta res tot tots ara avui demà ahir aquí allà doncs però amb per de del al els
        les la el un una em et ens us li meu meva teu teva vull vols puc pots fer anar
        vinc vaig t'estimo estimo nen nena hòstia collons apa vinga
    """,
    "id": """
        aku saya kamu kau anda dia kami kita mereka ini itu yang dan di ke dari dengan
        untuk tidak tak gak nggak ga engga enggak bukan ya iya ada apa siapa mana kapan
        kenapa bagaimana gimana terima kasih makasih terimakasih sama sudah udah belum
        lagi mau bisa akan sedang sekarang hari besok kemarin juga banget sangat semua
        tapi atau kalau kalo karena soalnya sayang cinta wkwk:0.5 wkwkwk:0.5 anjing
        goblok bang kak nih deh dong sih kok aja saja
    """,
    "tl": """
        ako ikaw ka siya kami tayo kayo sila ang ng sa mga na at ay hindi oo opo po wala
        meron may ano sino saan kailan bakit paano salamat mahal kita ngayon bukas
        kahapon din rin lang naman pa ba nga talaga sobra lahat pero kung kasi kaya ito
        iyan iyon yan yun dito diyan doon gusto ayaw kain tara sige ingat putang puta
        gago bobo anak nanay tatay kuya ate
    """,
    "vi": """
        tôi bạn anh em chị nó chúng mình là có không gì nào đâu sao cảm ơn xin chào
        vâng dạ rồi chưa đang sẽ đã được làm đi về đến của cho với và nhưng nếu vì thì
        mà này kia đây hôm nay mai qua yêu thương nhé ơi vậy biết muốn cần người trời
        ko
    """,
    "sw": """
        mimi wewe yeye sisi ninyi wao na ya wa kwa ni si hapana ndiyo ndio sawa asante
        habari jambo mambo poa safi nini nani wapi lini vipi sana tu pia lakini kama
        kwamba hii hiyo huyu yule leo kesho jana sasa bado tayari nakupenda nataka
        unataka naenda nimefika rafiki mpenzi kaka dada baba nyumbani hakuna kuna iko
        yupo uko niko
    """,
    "af": """
        ek jy hy sy ons julle hulle is nie die en van het wat dit vir met op aan maar ook
        nog al na by kan wil moet gaan waar wanneer hoekom hoe wie goed dankie baie
        asseblief hallo totsiens ja nee my jou vandag môre gister nou lekker skat liefie
        ag eish jissie ou boet
    """,
    "ru": """
        что это как не я ты он она мы вы они да нет привет спасибо пожалуйста где когда
        почему кто сейчас сегодня завтра вчера хорошо люблю тебя меня тебе мне мой моя
        твой твоя очень все всё ничего знаю хочу можно нельзя будет был была есть уже
        ещё еще только тоже или но и на с по от для без если чтобы потому блин бля пока
        давай щас чё чо ага ладно короче типа вообще ну
    """,
    "uk": """
        що це як не я ти він вона ми ви вони так ні привіт дякую будь ласка де коли чому
        хто зараз сьогодні завтра вчора добре люблю тебе мене тобі мені мій моя твій
        дуже все нічого знаю хочу можна буде був була є вже ще тільки теж також або але
        і й на з до від для без якщо щоб бо давай ну бувай
    """,
    "bg": """
        какво това как не аз ти той тя ние вие те да здравей здрасти благодаря мерси
        моля къде кога защо кой сега днес утре вчера добре обичам ме мен теб мой моя
        много всичко нищо знам искам може ще беше съм си е сме сте са вече още само
        също или но и на с в за от без ако че хайде айде чао
    """,
    "sr": """
        шта што ово како не ја ти он она ми ви они да здраво хвала молим где када зашто
        ко сада данас сутра јуче добро волим те ме мене тебе мој моја много све ништа
        знам хоћу може ћу био била сам си је смо сте су већ још само или али и на са у
        за од без ако ајде брате бре
    """,
    "mk": """
        што ова како не јас ти тој таа ние вие тие да здраво фала благодарам каде кога
        зошто кој сега денес утре вчера добро сакам ме мене тебе мој многу ништо знам
        може ќе беше сум си е сме сте се веќе уште само или но и на со во за од без ако
        ајде
    """,
    "be": """
        што гэта як не я ты ён яна мы вы яны так прывітанне дзякуй дзе калі чаму хто
        зараз сёння заўтра учора добра кахаю цябе мяне табе мне мой вельмі усё
    """,
    "ar": """
        في من على انا أنا انت أنت هذا هذه ما لا كيف شو ليش وين والله حبيبي حبيبتي الله
        ايش إيش شلون مع عن الى إلى كان يا تعال اريد أريد بدي عايز مش ليه فين اللي هو هي
        نعم ايوه اه شكرا مرحبا صباح مساء
    """,
    "ur": """
        ہے ہیں میں کے کی کا سے نہیں کیا آپ تم ہوں ہو اور کو یہ وہ مجھے تمہیں کہاں کیوں
        کب ابھی بھی ساتھ لیے شکریہ
    """,
    "fa": """
        است این آن که را با از به من تو چی چه خوبی نه بله دارم میخوام می هست نیست
        مرسی خیلی کجا چرا کی ما شما او هم برای دوستت دارم
    """,
    "ps": """
        زه ته دی ده او چې څه ولې کله چیرته مننه ښه زما ستا هغه دا یم یې
    """,
    "ckb": """
        من تۆ ئەو ئێمە ئێوە چی چۆن بۆ لە بە و نا بەڵێ سوپاس باشە کوا کەی ئەمە ئەوە
        دەمەوێ هەیە نییە
    """,
    "hi": """
        है हैं नहीं क्या मैं तुम आप का की के में से को और यह वह हूँ हूं हो मुझे तुम्हें
        कहाँ क्यों कब अभी भी साथ लिए धन्यवाद
    """,
    "mr": """
        आहे आहेस आहोत नाही मी तू काय कुठे का कधी आणि पण मला तुला
    """,
    "ne": """
        छ छैन म तिमी के कहाँ किन कहिले र पनि मलाई तिमीलाई गर्नु हुन्छ धन्यवाद
    """,
}

# languages whose words weigh more than 1 (see the module docstring)
_LANG_WEIGHT = {"ur-Latn": 1.5}

# Distinctive characters -> {language: weight per occurrence}
LETTERS: dict[str, dict[str, float]] = {
    # Latin
    "ł": {"pl": 1.0}, "ś": {"pl": 1.0}, "ź": {"pl": 1.0}, "ń": {"pl": 1.0},
    "ż": {"pl": 1.0}, "ć": {"pl": 0.5, "hbs": 0.5}, "ą": {"pl": 0.6, "lt": 0.4},
    "ę": {"pl": 0.6, "lt": 0.4}, "ã": {"pt": 1.0}, "õ": {"pt": 0.7, "et": 0.3},
    "ç": {"pt": 0.3, "fr": 0.3, "tr": 0.2, "sq": 0.1, "ca": 0.1},
    "ê": {"pt": 0.5, "fr": 0.5}, "â": {"pt": 0.3, "fr": 0.3, "ro": 0.2, "tr": 0.2},
    "ô": {"pt": 0.4, "fr": 0.4, "sk": 0.2}, "ñ": {"es": 1.0}, "¿": {"es": 1.0},
    "¡": {"es": 1.0}, "è": {"fr": 0.5, "it": 0.4, "ca": 0.1},
    "à": {"fr": 0.4, "it": 0.3, "pt": 0.2, "ca": 0.1}, "ù": {"fr": 0.5, "it": 0.5},
    "ì": {"it": 1.0}, "ò": {"it": 0.7, "ca": 0.3}, "î": {"fr": 0.4, "ro": 0.6},
    "ï": {"fr": 0.6, "nl": 0.2, "ca": 0.2}, "ë": {"sq": 0.7, "fr": 0.15, "nl": 0.15},
    "œ": {"fr": 1.0}, "ß": {"de": 1.0}, "ä": {"de": 0.35, "sv": 0.35, "fi": 0.2, "et": 0.1},
    "ö": {"de": 0.4, "sv": 0.15, "fi": 0.15, "hu": 0.15, "tr": 0.15},
    "ü": {"de": 0.5, "tr": 0.3, "hu": 0.2}, "ğ": {"tr": 1.0}, "ı": {"tr": 1.0},
    "ş": {"tr": 0.6, "ro": 0.4}, "ș": {"ro": 1.0}, "ț": {"ro": 1.0}, "ţ": {"ro": 1.0},
    "ă": {"ro": 0.7, "vi": 0.3}, "ő": {"hu": 1.0}, "ű": {"hu": 1.0}, "ř": {"cs": 1.0},
    "ě": {"cs": 1.0}, "ů": {"cs": 1.0}, "ľ": {"sk": 1.0}, "ĺ": {"sk": 1.0},
    "ŕ": {"sk": 1.0}, "ď": {"cs": 0.5, "sk": 0.5}, "ť": {"cs": 0.5, "sk": 0.5},
    "ň": {"cs": 0.5, "sk": 0.5},
    "č": {"cs": 0.2, "sk": 0.2, "hbs": 0.2, "sl": 0.2, "lt": 0.1, "lv": 0.1},
    "š": {"cs": 0.2, "sk": 0.2, "hbs": 0.2, "sl": 0.2, "lt": 0.1, "lv": 0.1},
    "ž": {"cs": 0.2, "sk": 0.2, "hbs": 0.2, "sl": 0.2, "lt": 0.1, "lv": 0.1},
    "ė": {"lt": 1.0}, "ų": {"lt": 1.0}, "į": {"lt": 1.0}, "ū": {"lt": 0.5, "lv": 0.5},
    "ā": {"lv": 1.0}, "ē": {"lv": 1.0}, "ī": {"lv": 1.0}, "ļ": {"lv": 1.0},
    "ņ": {"lv": 1.0}, "ķ": {"lv": 1.0}, "ģ": {"lv": 1.0}, "đ": {"hbs": 0.6, "vi": 0.4},
    "å": {"sv": 0.4, "da": 0.3, "no": 0.3}, "æ": {"da": 0.5, "no": 0.5},
    "ø": {"da": 0.5, "no": 0.5}, "ŵ": {"cy": 1.0}, "ŷ": {"cy": 1.0},
    "ơ": {"vi": 1.0}, "ư": {"vi": 1.0},
    # Cyrillic
    "і": {"uk": 0.6, "be": 0.4}, "ї": {"uk": 1.0}, "є": {"uk": 1.0}, "ґ": {"uk": 1.0},
    "ў": {"be": 1.0}, "ы": {"ru": 0.6, "be": 0.4}, "э": {"ru": 0.6, "be": 0.4},
    "ё": {"ru": 0.7, "be": 0.3}, "ъ": {"bg": 0.7, "ru": 0.3},
    "щ": {"ru": 0.3, "uk": 0.3, "bg": 0.4}, "ђ": {"sr": 1.0}, "ћ": {"sr": 1.0},
    "ј": {"sr": 0.5, "mk": 0.5}, "љ": {"sr": 0.5, "mk": 0.5}, "њ": {"sr": 0.5, "mk": 0.5},
    "џ": {"sr": 0.5, "mk": 0.5}, "ѓ": {"mk": 1.0}, "ќ": {"mk": 1.0}, "ѕ": {"mk": 1.0},
    # Arabic script
    "ٹ": {"ur": 1.0}, "ڈ": {"ur": 1.0}, "ڑ": {"ur": 1.0}, "ں": {"ur": 1.0},
    "ے": {"ur": 1.5}, "ۓ": {"ur": 1.0}, "ہ": {"ur": 1.0}, "ھ": {"ur": 0.5, "ckb": 0.5},
    "ټ": {"ps": 1.0}, "ډ": {"ps": 1.0}, "ړ": {"ps": 1.0}, "ږ": {"ps": 1.0},
    "ښ": {"ps": 1.0}, "ځ": {"ps": 1.0}, "څ": {"ps": 1.0}, "ۍ": {"ps": 1.0},
    "ې": {"ps": 1.0}, "ګ": {"ps": 1.0}, "ڼ": {"ps": 1.0},
    "ڵ": {"ckb": 1.0}, "ڕ": {"ckb": 1.0}, "ۆ": {"ckb": 1.0}, "ێ": {"ckb": 1.0},
    "ە": {"ckb": 1.0},
    "پ": {"fa": 0.4, "ur": 0.3, "ps": 0.15, "ckb": 0.15},
    "چ": {"fa": 0.4, "ur": 0.3, "ps": 0.15, "ckb": 0.15},
    "ژ": {"fa": 0.4, "ur": 0.3, "ps": 0.15, "ckb": 0.15},
    "گ": {"fa": 0.4, "ur": 0.3, "ckb": 0.3},
    "ک": {"fa": 0.4, "ur": 0.3, "ps": 0.15, "ckb": 0.15},
    "ی": {"fa": 0.4, "ur": 0.3, "ps": 0.15, "ckb": 0.15},
    "ة": {"ar": 1.0}, "ي": {"ar": 0.6}, "ك": {"ar": 0.6}, "ى": {"ar": 0.6},
    "إ": {"ar": 0.4}, "أ": {"ar": 0.4},
}
# Vietnamese: the tone-marked vowels of Latin Extended Additional (U+1EA0-U+1EF9)
for _cp in range(0x1EA0, 0x1EFA):
    LETTERS[chr(_cp)] = {"vi": 1.0}

# ----------------------------------------------------------------------------------------
# Decision thresholds (Latin script)
# ----------------------------------------------------------------------------------------
_MIN_SCORE = 1.0      # best language needs at least one distinctive word's worth
_MIN_MARGIN = 0.5     # ... and must beat the runner-up by half a word
_MIN_HIT_PCT = 15     # in messages of _HIT_WORDS+ words, % of words that must be known
_HIT_WORDS = 4
_WORD_MAX = 24        # longer "words" are not looked up
_MIX_MIN = 2.0        # Roman Urdu evidence that makes an English / Urdu mix ur-Latn ...
_MIX_RATIO = 0.5      # ... when it is at least this share of the English evidence
_EN, _UR_LATN = 0, 6

_FNV_OFFSET = 0xCBF29CE484222325
_FNV_PRIME = 0x100000001B3
_M64 = (1 << 64) - 1

_SPECIAL_FOLD = {"ß": "ss", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d",
                 "ð": "d", "þ": "th", "ı": "i", "ħ": "h", "ŀ": "l"}


def _fold_char(c: str) -> str:
    """Lower-case ``c`` and, for Latin letters, strip diacritics (1-2 characters)."""
    if c in _SPECIAL_FOLD or c.lower() in _SPECIAL_FOLD:
        return _SPECIAL_FOLD.get(c, _SPECIAL_FOLD.get(c.lower()))
    low = c.lower()
    if len(low) != 1:
        low = c
    try:
        latin = unicodedata.name(low).startswith("LATIN")
    except ValueError:
        latin = False
    if latin:
        base = "".join(ch for ch in unicodedata.normalize("NFD", low)
                       if not unicodedata.combining(ch))
        if 1 <= len(base) <= 2:
            return base.lower()
    return low


def fold(word: str) -> str:
    """The lookup form of a word: lower case, Latin diacritics stripped, ``’`` -> ``'``."""
    return _tables().fold_word(word)


def word_hash(folded: str) -> int:
    """64-bit FNV-1a over the code points of a folded word (the kernel's hash)."""
    h = _FNV_OFFSET
    for c in folded:
        h = ((h ^ ord(c)) * _FNV_PRIME) & _M64
    return h


class _Tables:
    """Lookup arrays for the kernel (built once, on first use)."""

    def __init__(self) -> None:
        n = 0x10000
        script_of = np.zeros(n, dtype=np.uint8)
        fold1 = np.arange(n, dtype=np.int32)
        fold2 = np.zeros(n, dtype=np.int32)
        # CJK ideographs and Hangul syllables by range (saves ~35k name look-ups)
        script_of[0x3400:0x4DC0] = _S["HAN"]
        script_of[0x4E00:0xA000] = _S["HAN"]
        script_of[0xAC00:0xD7A4] = _S["HANGUL"]
        for cp in (*range(0x3400), *range(0xA000, 0xAC00), *range(0xD7A4, n)):
            c = chr(cp)
            cat = unicodedata.category(c)
            if cp in (0x27, 0x2019, 0x02BC, 0x60, 0xB4):
                script_of[cp] = _APOS
                fold1[cp] = 0x27
                continue
            if cat in ("Mn", "Me", "Cf") and (0x300 <= cp < 0x370 or cp in (0x200C, 0x200D)):
                script_of[cp] = _JOIN
                continue
            if cat[0] not in "LM":
                continue
            name = unicodedata.name(c, "")
            for prefix, script in _NAME_PREFIX.items():
                if name.startswith(prefix):
                    script_of[cp] = _S[script]
                    break
            else:
                if cat[0] == "M":
                    script_of[cp] = _JOIN
                continue
            f = _fold_char(c)
            fold1[cp] = ord(f[0])
            if len(f) == 2:
                fold2[cp] = ord(f[1])
        self.script_of, self.fold1, self.fold2 = script_of, fold1, fold2

        nl = len(LANGS)
        # distinctive characters
        feat_of = np.full(n, -1, dtype=np.int32)
        feat_w = np.zeros((len(LETTERS), nl), dtype=np.float32)
        for i, (ch, ws) in enumerate(LETTERS.items()):
            feat_of[ord(ch)] = i
            for lang, w in ws.items():
                feat_w[i, _LANG_IDX[lang]] = w
        self.feat_of, self.feat_w = feat_of, feat_w

        # words: folded form -> {lang: weight}, shared weight split between languages
        entries: dict[str, dict[str, float]] = {}
        for lang, text in WORDS.items():
            for tok in text.split():
                word, _, w = tok.partition(":")
                weight = float(w) if w else _LANG_WEIGHT.get(lang, 1.0)
                key = self.fold_word(word)
                entries.setdefault(key, {})[lang] = weight
        keys = list(entries)
        word_w = np.zeros((len(keys), nl), dtype=np.float32)
        for i, k in enumerate(keys):
            langs = entries[k]
            for lang, w in langs.items():
                word_w[i, _LANG_IDX[lang]] = w / len(langs)
        size = 1 << max(10, (4 * len(keys) - 1).bit_length())
        hkeys = np.zeros(size, dtype=np.uint64)
        hvals = np.full(size, -1, dtype=np.int32)
        for i, k in enumerate(keys):
            h = word_hash(k)
            slot = h & (size - 1)
            while hvals[slot] >= 0:
                if int(hkeys[slot]) == h:
                    raise ValueError(f"hash collision in the word table: {k!r}")
                slot = (slot + 1) & (size - 1)
            hkeys[slot], hvals[slot] = h, i
        self.words, self.word_w, self.hkeys, self.hvals = keys, word_w, hkeys, hvals

        self.lang_script = np.array([_S[_LANG_SCRIPT[t][0]] for t in LANGS], dtype=np.int32)
        default = np.full(len(_SCRIPTS), -1, dtype=np.int32)
        for t, (script, is_default) in _LANG_SCRIPT.items():
            if is_default:
                default[_S[script]] = _LANG_IDX[t]
        self.script_default = default
        self.tags = np.array(list(LANGS) + [UND], dtype=object)

    def fold_word(self, word: str) -> str:
        out = []
        for c in word:
            cp = ord(c)
            if cp >= 0x10000:
                out.append(c)
            elif self.script_of[cp] == _APOS:
                out.append("'")
            elif self.script_of[cp] != _JOIN:
                out.append(chr(self.fold1[cp]) + (chr(self.fold2[cp]) if self.fold2[cp] else ""))
        return "".join(out)


@functools.cache
def _tables() -> _Tables:
    return _Tables()


# ----------------------------------------------------------------------------------------
# Kernel
# ----------------------------------------------------------------------------------------
@njit(cache=True, nogil=True, inline="always")
def _decode(data, k, end):
    """(code point, next index) of the UTF-8 sequence at ``data[k]``; -1 if invalid."""
    b0 = np.int64(data[k])
    if b0 < 0x80:
        return b0, k + 1
    if b0 < 0xC0:
        return np.int64(-1), k + 1
    if b0 < 0xE0:
        n = 2
        cp = b0 & 0x1F
    elif b0 < 0xF0:
        n = 3
        cp = b0 & 0x0F
    else:
        n = 4
        cp = b0 & 0x07
    if k + n > end:
        return np.int64(-1), k + 1
    for m in range(1, n):
        cp = (cp << 6) | (np.int64(data[k + m]) & 0x3F)
    return cp, k + n


@njit(cache=True, nogil=True)
def _is_link(data, s, e):
    """A chunk ``data[s:e]`` that is a URL or an e-mail address."""
    if e - s >= 4:
        b = data
        if ((b[s] | 32) == 119 and (b[s + 1] | 32) == 119 and (b[s + 2] | 32) == 119
                and b[s + 3] == 46):
            return True
    at = False
    for i in range(s, e):
        c = data[i]
        if c == 58 and i + 2 < e and data[i + 1] == 47 and data[i + 2] == 47:
            return True
        if c == 64:
            at = True
        elif c == 46 and at:
            return True
    return False


@njit(cache=True, nogil=True)
def _script_class(script_of, cp):
    if cp < 0:
        return 0
    if cp < 0x10000:
        return np.int64(script_of[cp])
    if 0x20000 <= cp < 0x32000:
        return 28  # HAN
    return 0


@njit(cache=True, nogil=True)
def _guess_kernel(offsets, data, script_of, fold1, fold2, feat_of, feat_w, hkeys, hvals,
                  word_w, lang_script, script_default, und):
    n = offsets.shape[0] - 1
    nl = word_w.shape[1]
    ns = script_default.shape[0]
    out = np.empty(n, dtype=np.int16)
    mask = np.uint64(hkeys.shape[0] - 1)
    prime = np.uint64(_FNV_PRIME)
    sc = np.zeros(ns, dtype=np.int64)
    score = np.zeros(nl, dtype=np.float32)
    for r in range(n):
        sc[:] = 0
        score[:] = 0.0
        nw = 0
        nh = 0
        i = np.int64(offsets[r])
        end = np.int64(offsets[r + 1])
        while i < end:
            if data[i] <= 32:
                i += 1
                continue
            j = i
            while j < end and data[j] > 32:
                j += 1
            if _is_link(data, i, j):
                i = j
                continue
            h = np.uint64(_FNV_OFFSET)
            wl = 0
            k = i
            while k <= j:
                if k < j:
                    cp, k2 = _decode(data, k, j)
                    cls = _script_class(script_of, cp)
                else:  # chunk end closes the word
                    cp, k2, cls = np.int64(-1), j + 1, 0
                if 0 <= cp < 0x10000:
                    f = feat_of[cp]
                    if f >= 0:
                        for lg in range(nl):
                            score[lg] += feat_w[f, lg]
                if 1 <= cls < ns:
                    sc[cls] += 1
                    h = (h ^ np.uint64(fold1[cp] if cp < 0x10000 else cp)) * prime
                    if cp < 0x10000 and fold2[cp] != 0:
                        h = (h ^ np.uint64(fold2[cp])) * prime
                    wl += 1
                elif cls == 255:
                    pass
                elif cls == 254 and wl > 0 and k2 < j:
                    nxt, _ = _decode(data, k2, j)
                    c2 = _script_class(script_of, nxt)
                    if 1 <= c2 < ns:
                        h = (h ^ np.uint64(39)) * prime
                    else:
                        cls = 0
                else:
                    cls = 0
                if cls == 0 and wl > 0:
                    nw += 1
                    if wl <= _WORD_MAX:
                        slot = h & mask
                        while True:
                            v = hvals[slot]
                            if v < 0:
                                break
                            if hkeys[slot] == h:
                                nh += 1
                                for lg in range(nl):
                                    score[lg] += word_w[v, lg]
                                break
                            slot = (slot + np.uint64(1)) & mask
                    h = np.uint64(_FNV_OFFSET)
                    wl = 0
                k = k2
            i = j
        out[r] = _decide(sc, score, nw, nh, lang_script, script_default, und)
    return out


@njit(cache=True, nogil=True)
def _decide(sc, score, nw, nh, lang_script, script_default, und):
    """Language index (or ``und``) from one message's script counts and evidence."""
    han, kana = 28, 27
    if sc[kana] > 0:
        sc[kana] += sc[han]
        sc[han] = 0
    dom = 0
    best_n = 0
    for s in range(1, sc.shape[0]):
        if sc[s] > best_n:
            best_n = sc[s]
            dom = s
    if dom == 0:
        return und
    best, second = -1, np.float32(0.0)
    best_s = np.float32(0.0)
    for lg in range(score.shape[0]):
        if lang_script[lg] != dom:
            continue
        v = score[lg]
        if v > best_s:
            second = best_s
            best_s = v
            best = lg
        elif v > second:
            second = v
    if dom == 1:  # Latin: evidence required
        ur, en = score[_UR_LATN], score[_EN]
        if ur >= _MIX_MIN and ur >= _MIX_RATIO * en and (best == _EN or best == _UR_LATN):
            return _UR_LATN  # English / Roman Urdu code-mixing
        if best < 0 or best_s < _MIN_SCORE or best_s - second < _MIN_MARGIN:
            return und
        if nw >= _HIT_WORDS and nh * 100 < _MIN_HIT_PCT * nw:
            return und
        return best
    if best_n < (1 if dom >= 26 else 2):
        return und
    if best >= 0 and best_s - second >= _MIN_MARGIN:
        return best
    return script_default[dom]


# ----------------------------------------------------------------------------------------
# Public API
# ----------------------------------------------------------------------------------------
assert (LANGS[_EN], LANGS[_UR_LATN]) == ("en", "ur-Latn")


def _as_string_array(bodies) -> pa.Array:
    if isinstance(bodies, pa.ChunkedArray):
        bodies = bodies.combine_chunks() if bodies.num_chunks != 1 else bodies.chunk(0)
    elif not isinstance(bodies, pa.Array):
        if not isinstance(bodies, (list, np.ndarray)):
            bodies = list(bodies)
        bodies = pa.array(bodies, type=pa.string())
    if pa.types.is_dictionary(bodies.type):
        bodies = bodies.dictionary_decode()
    if pa.types.is_null(bodies.type):
        return pa.array([None] * len(bodies), type=pa.string())
    if pa.types.is_string_view(bodies.type):
        bodies = bodies.cast(pa.large_string())
    if not (pa.types.is_string(bodies.type) or pa.types.is_large_string(bodies.type)):
        raise TypeError(f"bodies must be strings, not {bodies.type}")
    return bodies


def _codes(bodies) -> np.ndarray:
    """Per row: index into ``LANGS`` or ``len(LANGS)`` for ``und`` (int16)."""
    arr = _as_string_array(bodies)
    n = len(arr)
    und = len(LANGS)
    if n == 0:
        return np.zeros(0, dtype=np.int16)
    t = _tables()
    _, obuf, dbuf = arr.buffers()
    odt = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    offsets = np.frombuffer(obuf, dtype=odt, count=arr.offset + n + 1)[arr.offset:]
    data = (np.frombuffer(dbuf, dtype=np.uint8) if dbuf is not None and dbuf.size
            else np.zeros(1, dtype=np.uint8))
    out = _guess_kernel(offsets, data, t.script_of, t.fold1, t.fold2, t.feat_of, t.feat_w,
                        t.hkeys, t.hvals, t.word_w, t.lang_script, t.script_default, und)
    if arr.null_count:
        out[np.asarray(arr.is_null().to_numpy(zero_copy_only=False), dtype=bool)] = und
    return out


def guess(bodies) -> np.ndarray:
    """A language tag per message body (numpy object array of ``str``).

    ``bodies``: an Arrow string / large_string / string_view / dictionary array or
    chunked array, or any iterable of ``str`` / ``None``. Tags are from :data:`LANGS`,
    or ``"und"`` for nulls, empty bodies, bodies with no letters (emoji, digits, links)
    and Latin-script bodies without enough evidence ("ok", "lol", "haha").
    Deterministic: the same body always gets the same tag, whatever else is in the batch.
    """
    return _tables().tags[_codes(bodies)]


def _norm_tag(tag: str) -> str:
    t = str(tag).replace("_", "-").lower()
    for known in LANGS:
        if known.lower() == t:
            return known
    raise ValueError(f"unknown language tag {tag!r}; known: {', '.join(LANGS)}")


def coverage(bodies, trained: Iterable[str]) -> dict:
    """Language coverage of message bodies against the languages a model was trained on.

    Returns ``{"messages": n, "by_lang": {tag: count}, "untrained": n,
    "untrained_share": x, "undetermined": n}``: ``by_lang`` counts every tag
    :func:`guess` gave (``"und"`` included; most frequent first, ties by tag);
    ``untrained`` counts messages confidently in a language not in ``trained``;
    ``untrained_share`` is ``untrained / messages`` (0.0 for no messages);
    ``undetermined`` counts ``"und"`` messages (neither trained nor untrained).
    ``trained`` tags are matched case-insensitively (``ur_Latn`` = ``ur-Latn``); an
    unknown tag raises ``ValueError`` (it is probably a typo). ``ur`` (Arabic script) and
    ``ur-Latn`` (Roman Urdu) are different tags.
    """
    trained_idx = {_LANG_IDX[_norm_tag(t)] for t in trained}
    codes = _codes(bodies)
    und = len(LANGS)
    counts = np.bincount(codes.astype(np.int64), minlength=und + 1)
    tags = list(LANGS) + [UND]
    by_lang = {tags[i]: int(c) for i, c in enumerate(counts) if c}
    by_lang = dict(sorted(by_lang.items(), key=lambda kv: (-kv[1], kv[0])))
    n = int(codes.shape[0])
    untrained = int(sum(int(c) for i, c in enumerate(counts[:und]) if i not in trained_idx))
    return {
        "messages": n,
        "by_lang": by_lang,
        "untrained": untrained,
        "untrained_share": untrained / n if n else 0.0,
        "undetermined": int(counts[und]),
    }
