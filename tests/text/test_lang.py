"""Message language guesser: hand-written sentences per language, undetermined cases,
code-mixed chat, nulls and Arrow inputs, coverage figures, determinism, a pure-Python
reference of the kernel, and throughput."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pytest

from devtriage.text import lang
from devtriage.text.lang import LANGS, UND, coverage, guess

TRAINED = ("en", "pl", "pt", "es", "fr", "de", "ur-Latn")

SENTENCES: dict[str, list[str]] = {
    "en": [
        "hey are you coming tonight?",
        "I told you I'm not going",
        "where are you?? answer your phone",
        "omw be there in 5",
        "wyd rn",
        "u ok? lol",
        "Can you pick up the kids from school tomorrow",
        "I know where you live",
        "Thanks babe, see you later xx",
        "dont ignore me",
        "Why did you block me",
    ],
    "pl": [
        "Nie wiem gdzie jesteś",
        "zadzwoń do mnie jak możesz",
        "kocham cię bardzo",
        "Co robisz dzisiaj wieczorem?",
        "jestem w domu, czekam na ciebie",
        "dlaczego nie odbierasz telefonu",
        "wiem gdzie mieszkasz",
        "nie chcę z tobą rozmawiać",
        "Gdzie jestes? czekam juz godzine",
        "daj mi spokój",
    ],
    "pt": [
        "Olá, tudo bem?",
        "não sei onde você está",
        "Estou a chegar daqui a pouco",
        "vc vai vir hoje?",
        "eu te amo muito",
        "nao quero falar com você",
        "onde você está agora",
        "Obrigado pela ajuda, até amanhã",
        "sei onde você mora",
        "tô chegando kkkk",
    ],
    "es": [
        "¿Dónde estás?",
        "te estoy esperando desde hace una hora",
        "no quiero hablar contigo",
        "Hola, ¿qué tal?",
        "sé dónde vives",
        "mañana voy a tu casa",
        "por qué no me contestas",
        "gracias por todo, hasta luego",
        "yo no sé nada de eso jajaja",
        "eres muy importante para mí",
    ],
    "fr": [
        "Je suis en retard, j'arrive dans dix minutes",
        "tu es où ?",
        "pourquoi tu ne réponds pas",
        "je sais où tu habites",
        "merci beaucoup, à demain",
        "c'est pas grave mdr",
        "On se voit ce soir ?",
        "je t'aime mon coeur",
        "laisse-moi tranquille, je ne veux plus te parler",
    ],
    "de": [
        "Ich bin gleich da",
        "wo bist du?",
        "warte bitte noch kurz auf mich",
        "ich weiß wo du wohnst",
        "Danke, bis morgen",
        "Warum gehst du nicht ans Handy",
        "ich liebe dich",
        "kannst du mich heute abholen",
        "das ist mir egal",
    ],
    "ur-Latn": [
        "yaar kya kar rahe ho",
        "mujhe nahi pata",
        "tum kahan ho abhi",
        "main ghar pe hoon",
        "kal milte hain",
        "acha theek hai",
        "mujhse baat karo",
        "tum kyun nahi aaye",
        "bhai kuch nahi hua",
        "meri baat suno",
    ],
    # untrained, Latin script
    "it": ["ciao, come stai?", "non lo so, ti chiamo dopo", "dove sei? ti aspetto qui"],
    "nl": ["ik weet het niet", "waar ben je nu?", "ik hou van jou, tot morgen"],
    "ro": ["unde ești?", "nu știu ce să fac", "te iubesc mult, vorbim mâine"],
    "tr": ["neredesin?", "seni çok seviyorum", "bugün gelmiyorum, yarın görüşürüz"],
    "lt": ["labas, kaip sekasi?", "aš tave myliu", "kur tu dabar esi?"],
    "sq": ["ku je tani?", "të dua shumë zemër", "faleminderit shumë"],
    "so": ["waan ku jeclahay", "xaggee joogtaa hadda", "mahadsanid walaal"],
    "hu": ["hol vagy most?", "szeretlek nagyon", "köszönöm, holnap találkozunk"],
    "sv": ["jag älskar dig", "var är du nu?", "tack så mycket, vi ses imorgon"],
    "vi": ["anh yêu em", "bạn đang ở đâu?", "cảm ơn bạn rất nhiều"],
    "cy": ["bore da, sut wyt ti?", "diolch yn fawr iawn", "dwi'n caru ti cariad"],
    # untrained, other scripts
    "ru": ["Где ты? Я жду тебя уже час", "как дела?", "я знаю где ты живёшь"],
    "uk": ["привіт, як справи?", "де ти зараз?", "я тебе кохаю, дякую"],
    "bg": ["къде си сега?", "обичам те много", "благодаря, ще се видим утре"],
    "ar": ["كيف حالك؟", "أين أنت الآن", "والله ما اعرف"],
    "ur": ["کیا حال ہے؟", "میں کل آؤں گا", "تم کہاں ہو؟ مجھے بتاؤ"],
    "fa": ["دوستت دارم", "کجایی؟ خیلی نگرانتم", "من نمیدونم چی شده"],
    "hi": ["तुम कहाँ हो?", "मुझे नहीं पता", "मैं घर पर हूँ"],
    "bn": ["তুমি কোথায়?", "আমি তোমাকে ভালোবাসি"],
    "pa": ["ਤੁਸੀਂ ਕਿੱਥੇ ਹੋ?", "ਮੈਂ ਘਰ ਹਾਂ"],
    "zh": ["你在哪里？", "我爱你"],
    "ja": ["どこにいるの？", "今日は行けない、ごめんね"],
    "ko": ["어디야?", "사랑해"],
    "el": ["Πού είσαι;", "σ' αγαπώ πολύ"],
    "he": ["איפה אתה?", "אני אוהב אותך"],
    "th": ["คุณอยู่ที่ไหน", "ขอบคุณมาก"],
}

UNDETERMINED = [
    "", "   ", "ok", "OK!", "lol", "lmao", "haha", "xx", "😂", "😂😂😂 👍", "07700 900123",
    "£20", "10:30?", "https://www.example.com/where/are/you", "www.bbc.co.uk",
    "someone@example.com", "?", "...", "x", "k", "kk", "hmm", "no", "si", "ja", "Maria",
]


# Everyday chat per trained language (the word lists were extended while writing these).
EVERYDAY: dict[str, list[str]] = {
    "en": [
        'Running late, be there in 10',
        'Did you get my message?',
        "Can't talk now, at work",
        'Love you, night night',
        "Who's picking up Jake from football?",
        "I'm outside",
        'Open the door',
        'Bring milk on the way home pls',
        'Have you fed the dog',
        'Kids are asleep, finally',
        'Meeting moved to Thursday 2pm',
        'Your parcel will be delivered today between 10:00 and 14:00',
        'Your verification code is 482913. Do not share it with anyone.',
        'Happy birthday mate! Have a good one',
        'Where did you put the car keys',
        'Call me back ASAP',
        'Stop ignoring me',
        "You'll regret this",
        'I saw you with him last night',
        "If you leave me I'll kill myself",
        'Send me a pic',
        'Good luck with your exam tomorrow',
        'Train delayed again ffs',
        'Fancy a pint later?',
        "Nah I'm skint till Friday",
        'Cheers for today',
        'Just landed',
        'Mum says dinner at 6',
        "Ring me when you're free",
        'Oi where r u',
        'Sorted, ta',
        'innit bruv',
        'wagwan',
        'The match was mad',
        'Is the boiler fixed yet',
        "Don't forget the dentist Monday",
        'Got the job!!!',
        'Proper knackered',
        "She's not answering her phone",
        'Ill be round at 8',
        'Pick up the prescription from Boots',
        'No worries',
        'Great, thanks!',
        'Same time next week?',
        'Miss you loads',
        'Text me when you get home',
        'Battery dying',
        'Can I borrow a tenner',
        'Traffic is terrible on the M25',
        'Leave me alone',
    ],
"pl": ["Spóźnię się 10 minut", "Kupisz chleb?", "Widziałem cię wczoraj z nim", "Odbierz telefon", "Pożałujesz tego", "Nie ignoruj mnie", "Wracaj do domu", "Dobranoc kochanie", "Ile to kosztuje", "Jutro mam wolne"],
"pt": ["Vou chegar atrasado", "Compra pão por favor", "Te vi ontem com ele", "Atende o telefone", "Você vai se arrepender", "Para de me ignorar", "Volta pra casa", "Boa noite amor", "Quanto custa isso", "Amanhã estou de folga"],
"es": ["Llego tarde", "Compra pan por favor", "Te vi ayer con él", "Coge el teléfono", "Te vas a arrepentir", "Deja de ignorarme", "Vuelve a casa", "Buenas noches cariño", "Cuánto cuesta esto", "Mañana tengo libre"],
"fr": ["J'arrive en retard", "Achète du pain stp", "Je t'ai vu hier avec lui", "Réponds au téléphone", "Tu vas le regretter", "Arrête de m'ignorer", "Rentre à la maison", "Bonne nuit mon amour", "Combien ça coûte", "Demain je suis en congé"],
"de": ["Ich komme später", "Kannst du Brot kaufen", "Ich habe dich gestern mit ihm gesehen", "Geh ans Telefon", "Das wirst du bereuen", "Hör auf mich zu ignorieren", "Komm nach Hause", "Gute Nacht Schatz", "Wie viel kostet das", "Morgen habe ich frei"],
"ur-Latn": ["mein late ho jaunga", "roti le aana", "maine tumhe kal uske sath dekha", "phone uthao", "tum pachtao ge", "mujhe ignore mat karo", "ghar wapas aao", "shab bakhair jaan", "ye kitne ka hai", "kal meri chutti hai"],
}

# Written after the word lists were frozen and not tuned on: at the time of writing
# 48/56 were tagged right, 8 "und", none a wrong language.
HELD_OUT: dict[str, list[str]] = {
"en": ["Are we still on for Saturday?", "I left my charger at yours", "Can you send me the address", "He won't stop messaging me", "Thought you were coming round", "Tell your sister I said hi", "I'll pay you back next week", "Everything alright?"],
"pl": ["Gdzie są klucze?", "Czekam pod blokiem", "Nie mogę teraz gadać", "Przyjedziesz po mnie?", "Zapomniałam portfela", "Daj znać jak dojedziesz", "Kiedy wracasz?", "Mama dzwoniła"],
"pt": ["Onde estão as chaves?", "Estou te esperando lá fora", "Não posso falar agora", "Vens me buscar?", "Esqueci a carteira", "Avisa quando chegar", "Quando voltas?", "A mãe ligou"],
"es": ["¿Dónde están las llaves?", "Te espero fuera", "No puedo hablar ahora", "¿Vienes a buscarme?", "Se me olvidó la cartera", "Avísame cuando llegues", "¿Cuándo vuelves?", "Llamó mamá"],
"fr": ["Où sont les clés ?", "Je t'attends dehors", "Je peux pas parler là", "Tu viens me chercher ?", "J'ai oublié mon portefeuille", "Préviens-moi quand tu arrives", "Tu rentres quand ?", "Maman a appelé"],
"de": ["Wo sind die Schlüssel?", "Ich warte draußen", "Ich kann gerade nicht reden", "Holst du mich ab?", "Ich habe mein Portemonnaie vergessen", "Sag Bescheid wenn du da bist", "Wann kommst du zurück?", "Mama hat angerufen"],
"ur-Latn": ["chabiyan kahan hain?", "main bahar wait kar raha hoon", "abhi baat nahi kar sakta", "mujhe lene aoge?", "mera wallet bhool gaya", "pohanch ke bata dena", "kab wapas aa rahe ho?", "ammi ka phone aaya tha"],
}


def test_everyday_chat_trained_languages():
    for lg, ss in EVERYDAY.items():
        got = list(guess(ss))
        assert got == [lg] * len(ss), (lg, [(s, g) for s, g in zip(ss, got) if g != lg])


def test_held_out_chat_never_a_wrong_language():
    total = right = 0
    for lg, ss in HELD_OUT.items():
        got = list(guess(ss))
        assert set(got) <= {lg, UND}, (lg, got)
        total += len(ss)
        right += got.count(lg)
    assert right / total >= 0.8

CASES = [(lg, s) for lg, ss in SENTENCES.items() for s in ss]


def test_langs_and_tags():
    assert len(set(LANGS)) == len(LANGS)
    assert UND not in LANGS
    assert set(TRAINED) <= set(LANGS)
    for tag in ("it", "nl", "ro", "tr", "lt", "lv", "sq", "so", "cy", "ga", "sk", "cs",
                "hu", "sv", "da", "no", "ar", "ur", "ru", "uk", "bg", "zh", "ja", "ko",
                "hi", "bn", "pa", "el", "he", "th"):
        assert tag in LANGS
    assert set(lang.WORDS) <= set(LANGS)
    assert {lg for ws in lang.LETTERS.values() for lg in ws} <= set(LANGS)


def test_enough_hand_written_sentences():
    for lg in TRAINED:
        assert len(SENTENCES[lg]) >= 8, lg
    untrained = [lg for lg in SENTENCES if lg not in TRAINED and len(SENTENCES[lg]) >= 3]
    assert len(untrained) >= 8


@pytest.mark.parametrize("expected,body", CASES, ids=[f"{lg}:{s[:20]}" for lg, s in CASES])
def test_sentence(expected, body):
    assert guess([body])[0] == expected


def test_batch_equals_one_by_one():
    bodies = [s for _, s in CASES] + UNDETERMINED
    batch = guess(bodies)
    assert list(batch) == [guess([b])[0] for b in bodies]


@pytest.mark.parametrize("body", UNDETERMINED)
def test_undetermined(body):
    assert guess([body])[0] == UND


def test_chat_shorthand_is_english_in_context():
    assert list(guess(["lol", "u", "ur", "lol u there", "ur late again", "wyd", "omw"])) == [
        UND, UND, UND, "en", "en", "en", "en"]


def test_code_mixed_english_urdu():
    mixed = [
        "yaar I can't come today, kal milte hain",
        "bro mujhe call karo when you're free",
        "omg kya scene hai, where are you",
        "main busy hoon, will call u later",
    ]
    assert list(guess(mixed)) == ["ur-Latn"] * len(mixed)
    # a single Urdu-ish word in an English message does not flip it
    assert guess(["I'm at home with my mum and dad, yaar"])[0] == "en"


def test_arabic_vs_urdu_script():
    assert guess(["مجھے نہیں پتہ"])[0] == "ur"   # Urdu letters ے ہ
    assert guess(["لا أعرف يا حبيبي"])[0] == "ar"
    assert guess(["ٹھیک"])[0] == "ur"


def test_nulls_and_arrow_inputs():
    bodies = ["where are you", None, "gdzie jesteś", "", None]
    expected = ["en", UND, "pl", UND, UND]
    assert list(guess(bodies)) == expected
    arr = pa.array(bodies, type=pa.string())
    assert list(guess(arr)) == expected
    assert list(guess(pa.array(bodies, type=pa.large_string()))) == expected
    assert list(guess(arr.dictionary_encode())) == expected
    assert list(guess(pa.chunked_array([arr[:2], arr[2:]]))) == expected
    assert list(guess(arr.slice(2, 2))) == expected[2:4]
    assert list(guess(pa.array([None, None]))) == [UND, UND]
    assert list(guess(iter(bodies))) == expected
    out = guess([])
    assert out.dtype == object and len(out) == 0
    with pytest.raises(TypeError):
        guess(pa.array([1, 2]))


def test_result_is_object_array_of_str():
    out = guess(["hello there", "😂"])
    assert isinstance(out, np.ndarray) and out.dtype == object
    assert all(type(t) is str for t in out)


def test_links_emails_and_digits_give_no_evidence():
    assert guess(["check www.thewherewhenhow.com"])[0] == UND
    assert guess(["where are you https://maps.app/nie-wiem-gdzie"])[0] == "en"
    assert guess(["nie wiem jan.kowalski@example.com"])[0] == "pl"


def test_curly_apostrophe_and_case():
    assert guess(["I’M NOT COMING, DON’T WAIT"])[0] == "en"
    assert guess(["NÃO SEI"])[0] == "pt"
    assert guess(["WIEM GDZIE MIESZKASZ"])[0] == "pl"


def test_coverage_figures():
    bodies = [
        "where are you", "gdzie jesteś", "ok", None, "dove sei? ti aspetto qui",
        "как дела?", "yaar kya kar rahe ho", "😂", "waar ben je nu?", "hey u ok?",
    ]
    cov = coverage(bodies, TRAINED)
    assert cov == {
        "messages": 10,
        "by_lang": {"en": 2, UND: 3, "it": 1, "nl": 1, "pl": 1, "ru": 1, "ur-Latn": 1},
        "untrained": 3,
        "untrained_share": 0.3,
        "undetermined": 3,
    }
    assert list(cov["by_lang"])[:2] == [UND, "en"]  # most frequent first
    # tags are case-insensitive, "_" works for "-"
    assert coverage(bodies, ["EN", "pl", "pt", "es", "fr", "de", "ur_latn"]) == cov
    # a model trained on English only leaves more unscored
    assert coverage(bodies, ["en"])["untrained"] == 5  # pl, it, ru, ur-Latn, nl
    assert coverage([], TRAINED) == {"messages": 0, "by_lang": {}, "untrained": 0,
                                     "untrained_share": 0.0, "undetermined": 0}
    with pytest.raises(ValueError):
        coverage(bodies, ["english"])


def test_coverage_by_lang_order():
    cov = coverage(["hello there", "where are you", "gdzie jesteś", "ok"], TRAINED)
    assert list(cov["by_lang"].items()) == [("en", 2), ("pl", 1), (UND, 1)]


def test_deterministic():
    rng = np.random.default_rng(7)
    bodies = [s for _, s in CASES] + UNDETERMINED
    first = guess(bodies)
    for _ in range(3):
        perm = rng.permutation(len(bodies))
        again = guess([bodies[i] for i in perm])
        assert list(again) == [first[i] for i in perm]
    assert coverage(bodies, TRAINED) == coverage(bodies, TRAINED)


# ----------------------------------------------------------------------------------------
# Pure-Python reference of the kernel (same tables, independent control flow)
# ----------------------------------------------------------------------------------------
def _ref_guess(body: str | None) -> str:
    t = lang._tables()
    if body is None:
        return UND
    ns = len(lang._SCRIPTS)
    sc = np.zeros(ns, dtype=np.int64)
    score = np.zeros(len(LANGS), dtype=np.float32)
    nw = nh = 0
    index = {w: i for i, w in enumerate(t.words)}

    def cls_of(c):
        cp = ord(c)
        if cp < 0x10000:
            return int(t.script_of[cp])
        return lang._HAN if 0x20000 <= cp < 0x32000 else 0

    for chunk in re.split(r"[\x00-\x20]+", body):
        if not chunk:
            continue
        low = chunk.lower()
        if low.startswith("www.") or "://" in chunk or ("@" in chunk and "." in chunk[chunk.index("@"):]):
            continue
        words, cur = [], ""
        for pos, c in enumerate(chunk):
            cp = ord(c)
            if cp < 0x10000 and t.feat_of[cp] >= 0:
                score += t.feat_w[t.feat_of[cp]]
            k = cls_of(c)
            if 1 <= k < ns:
                sc[k] += 1
                cur += t.fold_word(c) if cp < 0x10000 else c
            elif k == lang._JOIN:
                pass
            elif (k == lang._APOS and cur and pos + 1 < len(chunk)
                  and 1 <= cls_of(chunk[pos + 1]) < ns):
                cur += "'"
            else:
                if cur:
                    words.append(cur)
                cur = ""
        if cur:
            words.append(cur)
        for w in words:
            nw += 1
            if len(w) <= lang._WORD_MAX and w in index:
                nh += 1
                score += t.word_w[index[w]]
    if sc[lang._KANA] > 0:
        sc[lang._KANA] += sc[lang._HAN]
        sc[lang._HAN] = 0
    if sc.max() == 0:
        return UND
    dom = int(np.argmax(sc))
    cand = [i for i in range(len(LANGS)) if t.lang_script[i] == dom]
    ranked = sorted(cand, key=lambda i: (-np.float32(score[i]), i))
    best = ranked[0] if ranked and score[ranked[0]] > 0 else None
    best_s = float(np.float32(score[best])) if best is not None else 0.0
    second = float(np.float32(score[ranked[1]])) if len(ranked) > 1 and best is not None else 0.0
    if dom == 1:
        ur, en = np.float32(score[lang._UR_LATN]), np.float32(score[lang._EN])
        if ur >= lang._MIX_MIN and ur >= lang._MIX_RATIO * en and best in (lang._EN, lang._UR_LATN):
            return "ur-Latn"
        if best is None or best_s < lang._MIN_SCORE or best_s - second < lang._MIN_MARGIN:
            return UND
        if nw >= lang._HIT_WORDS and nh * 100 < lang._MIN_HIT_PCT * nw:
            return UND
        return LANGS[best]
    if sc[dom] < (1 if dom >= lang._HANGUL else 2):
        return UND
    if best is not None and best_s - second >= lang._MIN_MARGIN:
        return LANGS[best]
    return LANGS[t.script_default[dom]]


def _random_bodies(rng, n):
    words = [w for text in lang.WORDS.values() for w in text.split()]
    words = [w.partition(":")[0] for w in words]
    extra = ["😂", "07700", "www.x.com", "a@b.co", "’", "'", "-", "!!", "x", "NIE", "Straße",
             "İstanbul", "ﬁ", "e\u0301", "\u200d", "你好", "カタカナ", "\ud55c", "𠀀", "ok",
             "https://t.co/x", "l'amour", "don't", "'quoted'", "\t", "\n"]
    pool = words + extra
    out = []
    for _ in range(n):
        k = int(rng.integers(0, 9))
        parts = [pool[int(i)] for i in rng.integers(0, len(pool), k)]
        seps = [" ", "", ",", ". ", "\n", "  "]
        body = ""
        for p in parts:
            body += p + seps[int(rng.integers(0, len(seps)))]
        out.append(body)
    return out


def test_kernel_agrees_with_python_reference():
    rng = np.random.default_rng(2024)
    bodies = _random_bodies(rng, 3000) + [s for _, s in CASES] + UNDETERMINED
    got = guess(bodies)
    ref = [_ref_guess(b) for b in bodies]
    bad = [(b, g, r) for b, g, r in zip(bodies, got, ref) if g != r]
    assert not bad, bad[:10]
    # the random mix exercises many outcomes
    assert len(set(ref)) >= 20


def test_truncated_utf8_is_safe():
    # Arrow validates UTF-8, but a sliced view must still not read past a row's end
    arr = pa.array(["żółć", "xq", "gdzie jesteś"])
    assert list(guess(arr.slice(1))) == [UND, "pl"]
