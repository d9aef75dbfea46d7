r"""Refusal and new-identity phrase rules over message bodies.

Two families, each made of rule codes:

``refusal``
    The counterpart tells the other side to stop. Codes, most specific first:

    * ``refusal.police`` -- "I'll call the police", "I've reported you", "I'm going to
      the police", "I have a restraining order", "I'm pressing charges";
    * ``refusal.blocked`` -- "I've blocked you", "I'm blocking your number",
      "you're blocked", "I'll block you";
    * ``refusal.stop_contact`` -- "stop texting/calling/messaging me", "don't contact me
      again", "leave me alone", "I don't want to hear from you", "we're done, stop",
      "lose my number", "stay away from me".

``identity``
    A message saying the sender is writing from a new number or account. One code,
    ``identity.new_number`` -- "it's me, new number", "this is my new number", "you
    blocked me so ...", "don't block this one", "save this number", "texting from my
    mate's phone", "unblock me".

Languages (``LANGUAGES``): English, Polish, Portuguese (PT and BR), Spanish, French,
German, Roman Urdu (``ur-Latn``, as typed in UK chats) and Arabic (script; common
Gulf/Levantine/Egyptian colloquial forms as well as MSA). Patterns tolerate the spellings
people type: no apostrophes ("dont", "im"), curly apostrophes, txt-speak ("u", "pls",
"plz", "msg"), missing diacritics ("nao", "zostaw mnie w spokoju" / "spokoju", "hor
auf"/"hoer auf"), repeated letters ("pleaseee", "stoppp", "aloneee"), any casing, and
punctuation or line breaks between words.

Guard policy (a guard vetoes the rule code for the whole message; precision first,
because a false refusal creates a false "contact after refusal"):

* negated or opposite forms are not refusals: "don't stop texting me", "please don't
  leave me alone", "never leave me alone", "I haven't blocked you", "I'm not going to
  call the police";
* reported speech and third parties are not refusals: "she told me to stop contacting
  her", "he said he'd call the police", "I told him to leave me alone", "tell her to
  stop calling me", "I wish he'd leave me alone". "I told *you* to stop texting me" is
  a refusal (addressed to the counterpart);
* questions are not refusals ("did you block me?", "have I blocked you?", "should I call
  the police?"), except rhetorical second-person ones, which are: "why won't you leave
  me alone?", "can you stop texting me?";
* jokes and banter are not refusals: a laughter token or laughing/kissing emoji in the
  message ("lol", "haha", "xD", "kkkk", "jaja", "mdr", "ههه", 😂 ...) vetoes the refusal
  codes; "stop calling me babe" (a complaint about a name) is not a refusal: "calling me"
  only counts when followed by the end of the message, punctuation/emoji or a word such
  as "again", "please", "at", "every", "from";
* short-term requests are not refusals: a request bounded in time or by a current
  activity -- "leave me alone for 5 min I'm gaming", "stop texting me till tomorrow",
  "leave me alone tonight", "stop calling me I'm at work", "I'm busy" -- is vetoed. A
  complaint about timing that is not bounded ("stop calling me at 3am") still counts;
* the police and blocked codes veto other matters: "I've called the police about the
  break-in", "police on him", "I blocked you by accident", "I'm blocking you in" (car
  park), "unblocked";
* the identity code vetoes questions about the *counterpart's* number ("is this your new
  number?"), negations ("this isn't my new number"), the "new phone who dis" meme and
  business messages ("save this number for bookings").

A guard vetoes the whole message for that code, so a message holding both a genuine
refusal and, say, a "lol" is not flagged: the rules prefer a missed refusal to a false
one.

Known gaps: a bare conditional "if you don't stop texting me" is vetoed by the negation
guard (with a consequence -- "... I'll call the police" / "... I'll block you" -- the
police/blocked codes catch it); an explicit duration anywhere in the message ("for 5
min", "till tomorrow") vetoes stop_contact even when it belongs to another sentence.

Implementation: the generic engine of :mod:`devtriage.text.rules` (templates, automatic
prefilter anchors, RE2 chunk packing, guards, Python ``re`` spans); this module holds the
refusal / identity data and one module-level :class:`~devtriage.text.rules.RuleSet`.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pyarrow as pa

from . import rules as _rules
from .rules import END as _END
from .rules import SEP as _SEP

__all__ = ["FAMILIES", "LANGUAGES", "CODES", "match", "span", "pattern"]

LANGUAGES: tuple[str, ...] = ("en", "pl", "pt", "es", "fr", "de", "ur-Latn", "ar")

# family -> its codes, in priority order (the first code that matches and is not vetoed
# is the code reported for a row)
FAMILIES: dict[str, tuple[str, ...]] = {
    "refusal": ("refusal.police", "refusal.blocked", "refusal.stop_contact"),
    "identity": ("identity.new_number",),
}
CODES: tuple[str, ...] = tuple(c for codes in FAMILIES.values() for c in codes)

# --------------------------------------------------------------------------------------
# Template language.  Rules are written as readable templates and expanded to RE2:
#   ' '   -> _SEP (punctuation / whitespace between words) in rules, \s+ in guards
#   "'"   -> an optional apostrophe (straight, curly, backtick, acute)
#   a letter with a diacritic -> a class accepting it or its plain spelling
#   {name} -> a macro below (already RE2)
# --------------------------------------------------------------------------------------

_S = _SEP
_MACROS = {
    # English
    "you": r"(?:you+|yo+u*|u+|ya|yu)",
    "me": r"(?:me+|us+)",
    "pls": r"(?:ple+a*s+e*|pl[sz]+|plee+[sz]+|pleez+|plox)",
    "stop": r"(?:s+t+o+p+|quit)",
    "efill": rf"(?:(?:just|fucking|fuckin|fking|fkin|effing|bloody|frigging|freaking|ffs|now|please|pls|plz|all|the|constantly|for fuck{_S}sake){_S}){{0,3}}",
    "im": rf"(?:i['’`´]?m|i{_S}am)",
    "ive": rf"(?:i['’`´]?ve|i{_S}have|i)",
    "ill": rf"(?:i['’`´]?ll|i{_S}will|i['’`´]?m{_S}(?:going{_S}to|gonna|gunna|goin{_S}to|about{_S}to)|i{_S}am{_S}(?:going{_S}to|gonna)|i)",
    "police": r"(?:police|polis|cops|feds|old bill|999|101|pigs)",
    "order": rf"(?:restraining|non{_S}?molestation|nonmolestation|protection|protective|stalking{_S}protection|no{_S}contact|occupation)",
    "number": r"(?:number|numba|no|num|nmbr|nr|mobile|mob)",
    "cont": r"(?:again|ever|any ?more|no more|every|all|at|from|on|or|and|please|pls|plz|now|ffs|mate|i|im|i'm|you|u|it|its|it's|so|constantly|non ?stop|then|ok|okay|seriously|omg|wtf|jesus|god|every ?day|day and night|all the time|this late|late at night|in the middle|stop|leave)",
    # Polish
    "plfill": rf"(?:(?:już|juz|wreszcie|w{_S}końcu|w{_S}koncu|kurwa|proszę|prosze|błagam|blagam|do{_S}cholery|po{_S}prostu){_S}){{0,2}}",
}

# --------------------------------------------------------------------------------------
# Rules: code -> language -> templates
# --------------------------------------------------------------------------------------

_EN_CTC = (
    r"(?:contacting|texting|txting|txtin|textin|texing|messaging|messagin|msging|msgin|"
    r"mssging|dming|dm'?ing|snapping|bothering|botherin|harassing|harrassing|harasing|"
    r"stalking|stalkin|following|followin|pestering|hassling|spamming|face ?timing|"
    r"facetiming|whatsapping|emailing|e-?mailing|writing to|hounding|abusing|threatening|"
    r"watching|messing with|sending me messages|sending me texts|sending me msgs|"
    r"sending me stuff|sending me pics|sending me photos)"
)
_EN_CALLV = r"(?:calling|callin|phoning|ringing|ringin|voice ?noting)"

RULES: dict[str, dict[str, list[str]]] = {
    "refusal.stop_contact": {
        "en": [
            rf"{{stop}} {{efill}}{_EN_CTC} {{me}}",
            rf"{{stop}} {{efill}}{_EN_CALLV} {{me}}(?:{_END}| {{cont}})",
            r"{stop} {efill}(?:sending|snding) {me} (?:messages|msgs|texts|txts|pics|photos|voice ?notes|stuff|things|letters|gifts|flowers)",
            r"{stop} {efill}(?:trying|tryna|tryin) (?:to )?(?:contact|text|call|message|msg|reach|ring|get hold of|find|see|talk to|speak to) {me}",
            r"{stop} {efill}(?:coming|turning up|showing up|hanging around|waiting) (?:to|at|round|near|by|outside|around) my",
            r"{stop} {efill}(?:contacting|texting|calling|messaging) (?:my (?:family|mum|mom|dad|friends|mates|work|kids|sister|brother)|this number)",
            r"leave {me} (?:the fuck |the f |the f\*+ |tf |the hell |the fk )?alo+n+e+",
            r"leave {me} be+",
            r"leave my (?:family|kids|children|mum|mom|dad|daughter|son|wife|husband|girlfriend|boyfriend|friends|mates|sister|brother) alone",
            r"(?:don't|do not|dont|dnt|donot) (?:you )?(?:ever |{pls} |even )*contact {me}",
            r"(?:don't|do not|dont|dnt|donot) (?:you )?(?:ever |{pls} |even )*(?:contact|text|txt|message|msg|call|ring|phone|dm|email|write to|come near|come to|come round|come by|turn up at|show up at|speak to|talk to) {me} (?:ever )?(?:again|ever|any ?more|no more|from now on|after (?:this|today))",
            r"(?:don't|do not|dont|dnt|donot) (?:you )?ever (?:text|txt|message|msg|call|ring|phone|dm|email|come near|speak to|talk to) {me}",
            r"never (?:ever )?(?:contact|text|txt|message|msg|call|ring|phone|dm|email|come near|speak to|talk to) {me} again",
            r"(?:i|we) (?:don't|do not|dont|dnt|no longer|never) (?:ever )?(?:want|wanna) (?:to )?(?:ever )?(?:hear from|see|speak to|talk to|hear) {you}(?: again| ever again| any ?more)?",
            r"(?:i|we) (?:don't|do not|dont|dnt|no longer) (?:ever )?(?:want|wanna) {you} (?:to )?(?:ever )?(?:contact|text|txt|call|message|msg|ring|come near|come round|near|in my life|contacting|texting|calling|messaging|ringing|near me|coming near|coming round)",
            r"(?:i|we) (?:don't|do not|dont|dnt) (?:want|wanna) (?:any|anything)(?: more)? (?:contact|to do with {you})",
            r"(?:i|we) want (?:nothing|no ?thing|no) (?:more )?(?:to do with {you}|contact)",
            r"(?:i|we) never want to (?:see|hear from|speak to|talk to|hear) {you} again",
            r"(?:lose|delete|forget|bin) my (?:number|no|num)",
            r"(?:stay|keep) away from (?:me|us|my (?:house|home|work|family|kids|children|flat|door|place))",
            r"(?:we're|we are|were|it's|its|it is) (?:so )?(?:done|over|finished)(?: now| for good)? (?:so |just |now )?{stop}",
            r"(?:this is|this counts as|that's|thats) harass?ment",
            r"(?:you're|you are|ur|youre|u r) harass?ing {me}",
            r"get out of my life",
            r"(?:don't|do not|dont|dnt|donot) (?:you )?(?:ever |{pls} |even |dare )*(?:come|turn up|show up|come round|come back) (?:to |at |near |round |by |round to )?my (?:house|home|flat|place|door|work|school|parents)",
        ],
        "pl": [
            r"przestań(?:cie)? {plfill}(?:do mnie |mi |ze mną )?(?:pisać|dzwonić|wydzwaniać|esemesować|smsować|wypisywać|się odzywać|się do mnie odzywać|mnie nachodzić|mnie nękać|mnie prześladować|mnie śledzić|mnie męczyć|mnie zaczepiać|mnie dręczyć|mnie obserwować|mnie szukać)",
            r"(?:skończ|przestań) (?:już )?(?:z tym )?(?:pisaniem|dzwonieniem|wydzwanianiem)",
            r"nie (?:pisz|dzwoń|wydzwaniaj|esemesuj|odzywaj się|kontaktuj się|przychodź|przyjeżdżaj) (?:już |więcej |nigdy więcej |nigdy )?(?:do mnie|ze mną|pod mój dom|na mój numer)",
            r"nie (?:pisz|dzwoń|wydzwaniaj|odzywaj się|kontaktuj się) (?:już )?(?:więcej|nigdy)",
            r"nigdy więcej (?:do mnie )?(?:nie )?(?:pisz|dzwoń|się nie odzywaj|się do mnie nie odzywaj)",
            r"zostaw(?:cie)? (?:mnie|nas) (?:{plfill})?w spokoju",
            rf"zostaw(?:cie)? (?:mnie|nas)(?: (?:już|juz|wreszcie|w końcu|kurwa|proszę|błagam|po prostu))*{_END}",
            r"daj(?:cie)? mi (?:wreszcie |już |święty )*spokój",
            r"odczep(?:cie)? się(?: ode mnie)?",
            r"odwal(?:cie)? się ode mnie",
            r"nie chcę (?:cię |ciebie |tb )?(?:już |więcej |nigdy )*(?:widzieć|słyszeć|znać)",
            r"nie chcę (?:mieć )?(?:z tobą|z tb|z toba) (?:nic wspólnego|kontaktu|żadnego kontaktu)",
            r"nie chcę (?:już )?(?:żadnego )?kontaktu",
            r"nie chcę (?:żebyś|zebys|abyś) (?:do mnie |mi )?(?:pisał|dzwonił|wydzwaniał|się odzywał|przychodził)",
            r"(?:usuń|wykasuj|zapomnij) mój numer",
            r"zapomnij o mnie",
            r"(?:wyjdź|zniknij|wynoś się) z mojego życia",
            r"to (?:jest )?nękanie",
            r"trzymaj się (?:ode mnie )?z daleka(?: ode mnie)?",
        ],
        "pt": [
            r"(?:para|pare|parem|pára|paras) de (?:me |mim )?(?:ligar|mandar mensage(?:m|ns)|mandar msg|mandar sms|enviar mensagens?|escrever|contactar|contatar|chatear|incomodar|perseguir|seguir|procurar|assediar|perturbar|ligar-me|contactar-me|contatar-me|chatear-me|incomodar-me|procurar-me|perseguir-me)",
            r"(?:deixa|deixe|deixem|me deixa|me deixe) (?:me )?em paz",
            r"(?:deixa|deixe)(?:-| )me (?:sozinha?|quieta?|tranquila?)",
            r"(?:não|n) me (?:ligues|ligue|liga|contactes|contacte|contates|contate|mandes|mande|manda|escrevas|escreva|procures|procure|procura|incomodes|incomode|chateies|chateie) (?:mensagens? )?(?:mais|nunca mais)",
            r"nunca mais (?:me )?(?:ligues|ligue|liga|contactes|contacte|contate|mandes|mande|manda|escrevas|escreva|procures|procure|procura|fales comigo|fale comigo)",
            r"(?:não|n|nao) (?:quero|kero) (?:mais )?(?:falar|saber|contacto|contato|nada)(?: mais)? (?:contigo|com você|com vc|de ti|de você|de vc|com ti)",
            r"(?:não|n) (?:quero|kero) (?:mais )?(?:que )?(?:me ligues|me ligue|me contactes|me contacte|me contate|me procures|me procure|me mandes|me mande|fales comigo|fale comigo)",
            r"(?:não|n) (?:quero|kero) (?:mais )?(?:nenhum )?(?:contacto|contato)",
            r"(?:não|n) (?:quero|kero) (?:mais )?(?:te|ti|você|vc) (?:ver|ouvir)",
            r"(?:esquece|esqueça|apaga|apague) o? ?(?:meu )?(?:número|numero|contacto|contato)",
            r"(?:esquece|esqueça)(?:-| )me",
            r"sai da minha vida",
            r"(?:afasta|afaste|afasta-te|fica longe|fique longe)(?:-te)? de mim",
            r"isto é assédio|isso é assédio",
        ],
        "es": [
            r"(?:deja|deje|dejen|para|pare|paren) de (?:llamarme|escribirme|mandarme (?:mensajes|msj|whatsapps?|fotos)|enviarme mensajes|molestarme|acosarme|seguirme|buscarme|contactarme|mensajearme|textearme|agobiarme|hablarme|perseguirme|joderme)",
            r"(?:déjame|dejame|déjenme|dejenme|déjeme|dejeme) (?:ya |de una vez |en paz|tranquil[oa]|sol[oa])",
            rf"(?:déjame|dejame|déjeme|dejeme) (?:ya|de una vez|por favor){_END}",
            r"no me (?:vuelvas|vuelva) a (?:llamar|escribir|buscar|contactar|hablar|mandar|molestar|seguir)",
            r"no me (?:llames|llame|escribas|escriba|contactes|contacte|busques|busque|mandes|mande|hables|hable|molestes|moleste) (?:mensajes )?(?:más|nunca más|nunca|ya más)",
            r"nunca más (?:me )?(?:llames|escribas|busques|contactes|hables|mandes)",
            r"no quiero (?:saber nada (?:más )?de ti|volver a verte|volver a saber de ti|verte más|verte nunca más|saber de ti|hablar contigo|nada contigo|ningún contacto|ningun contacto|contacto contigo)",
            r"no quiero que (?:me )?(?:llames|escribas|contactes|busques|hables|molestes)",
            r"(?:olvídate|olvidate) de mí",
            r"(?:borra|olvida) mi (?:número|numero)",
            r"(?:sal|vete) de mi vida",
            r"(?:aléjate|alejate|apártate|apartate) de mí",
            r"esto es acoso",
        ],
        "fr": [
            r"(?:arrête|arrêtes|arrêtez|arrete|arretes|arretez|arret|stop) (?:de |d')?(?:m'appeler|m'écrire|m'envoyer des (?:messages|msg|textos|sms)|me harceler|me contacter|me suivre|me texter|me spammer|me relancer|me déranger|m'embêter|me saouler|me soûler|me casser les couilles|me chercher|m'harceler)",
            r"(?:laisse|laissez|lache|lâche|lâchez|lachez)(?:-| )moi (?:tranquille|en paix|la grappe)",
            rf"(?:lâche|lache|lâchez|lachez)(?:-| )moi{_END}",
            r"(?:fous|foutez|fiche|fichez)(?:-| )moi la paix",
            r"ne (?:me |m')(?:contacte|contactez|appelle|appelez|écris|écrivez|ecris|ecrivez|envoie|envoyez|cherche|cherchez)(?: plus| jamais| plus jamais)",
            r"(?:^|[.!]\s*)(?:m'appelle|m'écris|me contacte|me contactez|m'appelez) plus(?: jamais)?",
            r"je (?:ne )?veux (?:plus|pas) (?:te voir|entendre parler de toi|avoir de (?:tes )?nouvelles|aucun contact|de contact|que tu m'appelles|que tu m'écrives|que tu me contactes|rien avoir avec toi|rien à voir avec toi)",
            r"(?:oublie|oubliez)(?:-| )moi",
            r"(?:efface|supprime|oublie) mon (?:numéro|num)",
            r"(?:sors|sortez) de ma vie",
            r"(?:c'est|cest) fini(?: entre nous)?[^\p{L}]+(?:arrête|arrete|stop|laisse)",
            r"(?:reste|restez) loin de moi",
            r"c'est du harcèlement",
        ],
        "de": [
            r"(?:hör|hört|hören sie) (?:endlich |bitte |jetzt |sofort )*auf(?:,)? (?:mich |mir )?(?:anzurufen|zu kontaktieren|anzuschreiben|zu schreiben|zu nerven|zu belästigen|zu stalken|zu verfolgen|nachzustellen|nachzulaufen|zu texten|zu simsen|mich zu kontaktieren|mir zu schreiben|mich anzurufen|mich zu nerven|mich zu belästigen)",
            r"(?:lass|lasst|lassen sie) (?:mich|uns) (?:doch |einfach |endlich |bitte |jetzt |verdammt nochmal |verdammt )*(?:in ruhe|in frieden)",
            r"(?:melde|meld) dich (?:bitte )?(?:nie wieder|nicht mehr|nie mehr)(?: bei mir)?",
            r"(?:schreib|schreibe|schreibt) mir (?:bitte )?(?:nie wieder|nicht mehr|nie mehr|bloß nicht mehr|keine nachrichten mehr)",
            r"(?:ruf|rufe|ruft) mich (?:bitte )?(?:nie wieder|nicht mehr|nie mehr|bloß nicht mehr) an",
            r"(?:kontaktiere|kontaktier) mich (?:bitte )?(?:nie wieder|nicht mehr|nie mehr)",
            r"ich will (?:nichts mehr von dir hören|dich nie wieder sehen|dich nicht mehr sehen|dich nie mehr sehen|keinen kontakt(?: mehr)?|nichts mehr mit dir zu tun haben|nichts mit dir zu tun haben|nie wieder was von dir hören|nichts mehr von dir)",
            r"(?:lösch|lösche) meine nummer",
            r"(?:verschwinde|verpiss dich) aus meinem leben",
            r"(?:halte|halt|bleib|bleibe) (?:dich )?(?:fern von mir|weg von mir|von mir fern|von mir weg)",
            r"das ist belästigung",
            r"(?:es ist|es is|wir sind) (?:aus|vorbei|fertig)(?: miteinander)?[^\p{L}]+(?:hör auf|lass mich)",
        ],
        "ur-Latn": [
            r"(?:mujhe|mujhay|mujhko|mujhe ab|mujhay ab|mjhe|mje|mujh ko) (?:dobara |dubara |phir se |phir |kabhi |ab |kabi |aainda |ainda )*(?:message|msg|msgs|messages|masg|call|cal|text|txt|phone|fone|rabta|contact|tang|pareshan|preshan|disturb|follow) (?:mat|mt|na|nah|naa|nai) (?:karo|kro|karna|krna|kar|karein|karen|kren|krein|karo please|kiya karo|kia karo|kia kro)",
            r"(?:message|msg|messages|call|text|phone|fone|rabta) (?:mat|mt|na|nah|naa) (?:karo|kro|karna|krna|karein|karen) (?:mujhe|mujhay|mjhe|mje)",
            r"(?:dobara|dubara|aainda|ainda|phir kabhi|kabhi bhi) (?:mujhe |mujhay |mjhe )?(?:message|msg|call|text|phone|fone|rabta) (?:mat|mt|na|nah) (?:karna|krna|karo|kro)",
            r"(?:mujhe|mujhay|mjhe|mje|mujh ko) akel[ae]y? (?:chhor|chor|chhod|chod|chhorr|chorr)(?:o|do| do|dein| dein|den| den|o do)",
            r"(?:meri|mere|mri) (?:jaan|jan|jaaan) (?:chhor|chor|chhod|chod|chhorr)(?:o|do| do|dein| dein| den)",
            r"(?:meri|mere|mri) zindagi se (?:nikal jao|chale jao|chalay jao|dafa ho jao|dafa ho|door ho jao|nikal jaao|nikal jaa)",
            r"(?:mujh|mujhse|mujh se|mere) (?:se )?(?:door|dur|duur) (?:raho|rho|rahna|rehna|reh)",
            r"(?:mujhse|mujh se|mujh sy|mere se|mere sath|mere saath) (?:koi )?baat (?:mat|mt|na|nah) (?:karo|kro|karna|krna|karein)",
            r"(?:mujhe|mujhay|mjhe|mje) (?:tum|tumse|tum se|ap|aap|aapse|ap se|tujh|tujhse|tujh se) (?:se )?(?:koi )?(?:baat|rishta|wasta|waasta|taluq|taaluq|rabta) (?:nahi|nahin|nai|ni) (?:karni|karna|rakhna|chahiye|chahye|chahie)",
            r"(?:mera|mere) (?:number|no|nmbr) (?:delete|del) (?:kar|kr) (?:do|dein|den|lo)",
            r"(?:ye|yeh|yh) (?:harassment|harasment) (?:hai|he|h)",
        ],
        "ar": [
            r"(?:توقف|توقفي|وقف|كف|كفي|بطل|بطلي) (?:عن )?(?:الاتصال بي|الاتصال|مراسلتي|ازعاجي|ملاحقتي|مضايقتي|تتصل|تتصلي|ترسل|ترسلي|تراسلني|تراسليني|تكلمني|تكلميني|تدق علي|ترن علي|تتصل فيني|تتصل علي)",
            r"(?:لا|ما|متت?|ماتت?) ?(?:تتصل بي|تتصلي بي|تتصل|تتصلي|تكلمني|تكلميني|تراسلني|تراسليني|ترسلي لي|ترسل لي|ترسلّي|تدق علي|ترن علي|تتصل فيني|تتصل علي|تتواصل معي|تتواصلي معي|تكلمني) (?:مرة ثانية|مرة اخرى|مرة تانية|مجددا|ثاني|تاني|بعد اليوم|ابدا|نهائيا|مرة ثانيه|بعد الان)",
            r"(?:اتركني|اتركيني|ابعد عني|ابعدي عني|ابتعد عني|ابتعدي عني|حل عني|حلي عني|انقلع عني|انقلعي عني)",
            r"(?:خليني|سيبني|سيبيني|اتركني|اتركيني|دعني|دعيني)(?: في| ف| ب)? ?(?:حالي|شأني|وشأني|بحالي)",
            r"(?:فكني|فكيني) (?:منك|عني)",
            r"(?:لا|ما) (?:أريد|اريد|بدي|ابغى|أبغى|عايز|عايزة|عاوز|عاوزة|ابي|أبي) (?:ان |أن )?(?:اسمع منك|أسمع منك|اشوفك|أشوفك|أراك|اراك|اي تواصل|أي تواصل|اعرفك|أعرفك|اكلمك|أكلمك|علاقة معك|اتواصل معك)",
            r"(?:امسح|احذف|انسى|انسي) رقمي",
            r"(?:انسني|انساني|انسيني)",
            r"(?:اطلع|اطلعي|اخرج|اخرجي) من حياتي",
            r"هذا تحرش",
        ],
    },
    "refusal.blocked": {
        "en": [
            r"{ive} (?:just |now |already |finally |fully |officially |literally )*(?:blocked|blocking|bloked|blockd|blokd|blocked and reported|blocked and deleted|deleted and blocked) {you}",
            r"{ive} (?:just |now |already |finally )*(?:blocked|blocking|bloked|blockd) (?:your|ur|yr|yer|this|that|the|ya|you on|u on) (?:number|no|num|account|acc|profile|email|snap|insta|socials|everything|every ?thing|all)",
            r"{im} (?:now |just |officially )*(?:blocking|blokin|blockin) (?:{you}|(?:your|ur|yr|this) (?:number|no|num|account|acc))",
            r"{ill} (?:just |now |have to |be |fucking |definitely )*block {you}",
            r"(?:(?:you|u|ya)(?:'re| are|re| r|'ve been| have been| been| are now|'re now| r now| now)|ur|ur now|youre) (?:officially |now |getting |being |been )?blocked",
            r"consider yourself blocked",
            r"^\s*(?:you're |ur |u r |you are |youre )?blocked[.!\s]*$",
            r"^\s*(?:(?:just|now|already|have|ve|and) )*(?:blocked|blocking) {you}",
            r"blocking {you} (?:now|rn|right now|on everything|everywhere)",
        ],
        "pl": [
            r"(?:zablokowałem|zablokowałam|zablokowalem|zablokowalam|blokuję|blokuje|zablokuję|zablokuje) (?:cię|ciebie|cie|tb|twój numer|twoj numer|ten numer|twoje konto|cię wszędzie|cie wszedzie)",
            r"(?:cię|cie|ciebie|twój numer|twoj numer) (?:zablokowałem|zablokowałam|zablokowalem|zablokowalam|blokuję|zablokuję)",
            r"(?:jesteś|jestes) (?:już )?(?:zablokowany|zablokowana|zablokowan[ya]|na blokadzie)",
            r"masz (?:ode mnie )?(?:blokadę|bana|blokade)",
        ],
        "pt": [
            r"(?:já )?(?:te bloqueei|bloqueei-te|bloqueei te|bloqueei você|bloqueei vc|bloqueei o teu (?:número|numero|contacto|contato)|bloqueei o seu (?:número|numero)|bloqueei seu (?:número|numero|contato))",
            r"(?:vou|vou-te|vou te|vou-lhe) (?:te )?bloquear(?:-te)?",
            r"(?:estou|tô|to|tou) (?:a |te )?(?:bloquear|bloqueando)(?:-te| te| você| vc)?",
            r"(?:estás|estas|tá|ta|você está|vc tá|vc ta|você tá) bloquead[oa]",
        ],
        "es": [
            r"te (?:he |acabo de |ya )?(?:bloqueado|bloquee|bloqueé|bloquear|bloqueo)",
            r"te voy a bloquear|voy a bloquearte|te estoy bloqueando|estoy bloqueándote|estoy bloqueandote",
            r"(?:bloqueé|bloquee|he bloqueado) tu (?:número|numero|cuenta|perfil)",
            r"(?:estás|estas|quedas) bloquead[oa]",
        ],
        "fr": [
            r"je t'ai (?:bien |déjà |deja )?(?:bloqué|bloquée|bloque|bloquee|bloqué partout)",
            r"je (?:te bloque|vais te bloquer|vais bloquer ton (?:numéro|num))(?: partout)?",
            r"j'ai bloqué ton (?:numéro|num|compte|profil)",
            r"(?:t'es|tu es|t es) (?:bloqué|bloquée|bloque|bloquee)",
        ],
        "de": [
            r"ich (?:hab|habe) dich (?:jetzt |gerade |schon |überall |endlich |einfach )*(?:blockiert|geblockt|gesperrt)",
            r"(?:hab|habe) dich (?:jetzt |gerade |schon |überall |endlich )*(?:blockiert|geblockt)",
            r"ich (?:blockiere|blockier|block|sperre) dich",
            r"ich (?:werde|werd) dich (?:jetzt )?(?:blockieren|blocken|sperren)",
            r"ich (?:hab|habe) deine nummer (?:jetzt )?(?:blockiert|gesperrt|geblockt)",
            r"du bist (?:jetzt |ab jetzt |hiermit )?(?:blockiert|geblockt|gesperrt)",
        ],
        "ur-Latn": [
            r"(?:maine|main ne|mene|mainey|meine) (?:tumhe|tumhein|tumko|tum ko|tujhe|tujhay|aapko|apko|ap ko|aap ko|tumhara number|tera number|aapka number|apka number|tmhe|tumhen) (?:block|blok) (?:kar|kr) (?:diya|dia|dya|di|diya hai|dia hai|diya he|dia he)",
            r"(?:tumhe|tumhein|tumko|tujhe|aapko|apko|tmhe|tumhara number|tera number) (?:block|blok) (?:kar|kr) (?:raha|rahi|rha|rhi) (?:hoon|hun|hu|hun)",
            r"(?:tumhe|tumhein|tumko|tujhe|aapko|apko|tmhe|tumhara number|tera number) (?:block|blok) (?:kar|kr) (?:doon|dun|du|dungi|dunga|doongi|doonga)",
            r"(?:tum|tu|aap|ap) (?:block|blocked) (?:ho|hai|he)",
        ],
        "ar": [
            r"(?:لقد |انا |أنا )?(?:حظرتك|حظرتكي|بلكتك|بلكتكم|بلكتك|عملتلك بلوك|عملت لك بلوك|سويتلك بلوك|سويت لك بلوك|سويت بلوك|عملت بلوك|حظرت رقمك|بلكت رقمك)",
            r"(?:سأحظرك|سوف احظرك|رح احظرك|راح احظرك|حاحظرك|هحظرك|رح بلكك|راح ابلكك|حبلكك|هبلكك|بعملك بلوك|رح اعملك بلوك)",
            r"(?:انت|أنت|انتي|إنت) (?:محظور|محظورة|عندك بلوك|بلوك)",
        ],
    },
    "refusal.police": {
        "en": [
            r"{ill} (?:just |now |literally |actually |definitely |seriously |be |fucking )*(?:call|calling|ring|ringing|phone|phoning|get|getting|contact|contacting|involve|involving|tell|telling|inform|informing|report (?:this|you|u) to) (?:the )?{police}",
            r"{ive} (?:just |already |now |literally )*(?:called|rang|rung|phoned|contacted|told|informed|involved|gone to|been to|went to|spoke to|spoken to|reported (?:you|u|this|it) to) (?:the )?{police}",
            r"{im} (?:going|goin|gonna go|off|heading|going straight|goin straight) (?:straight )?to (?:the )?(?:{police}|police station)",
            r"(?:i'll|i will|ill) go (?:straight )?to (?:the )?{police}",
            r"{im} (?:just |now |literally |actually )*(?:calling|ringing|phoning|getting|contacting|involving|telling) (?:the )?{police}",
            r"{ive} (?:just |already )*reported (?:you|u|ya|your number|ur number|this number|your account|ur account)",
            r"(?:{ill}|{im}) (?:be )?(?:report|reporting) (?:you|u|ya)",
            r"(?:{ill}|{im}) (?:be )?(?:press|pressing) charges",
            r"(?:won't|will not|wont) hesitate to (?:call|ring|contact|involve|get) (?:the )?{police}",
            r"(?:{ive}|{im}) (?:(?:got|getting|get|applied for|applying for|have|taking out|took out|going to get|gonna get|going for|seeking|seek|will get|'ll get|a) )+(?:a |an |the )?{order} (?:order|notice)",
            r"{order} (?:order|notice) (?:against|on) (?:you|u)",
            r"(?:the )?police (?:are|r|have been|been|will be|are now|know|already know) (?:now )?(?:involved|informed|aware|notified|told|on their way|on the way)",
        ],
        "pl": [
            r"(?:zadzwonię|dzwonię|zgłoszę|zgłaszam|idę|pójdę|zawiadomię|powiadomię|wezwę|wzywam|dzwonie|zglosze|ide|pojde) (?:z tym |to )?(?:na |po |do )?(?:policję|policji|psy|psów|komisariat|komendę|112|997)",
            r"(?:zadzwoniłem|zadzwoniłam|zgłosiłem|zgłosiłam|byłem|byłam|poszedłem|poszłam|zawiadomiłem|zawiadomiłam) (?:już )?(?:to )?(?:na |po |do |w )?(?:policję|policji|komisariacie|komisariat)",
            r"(?:zgłosiłem|zgłosiłam|zgłoszę|zgłaszam|zawiadomię|doniosę|podam) (?:cię|ciebie|cie|tb|to|sprawę)(?: na policję| na policje)?",
            r"(?:złożyłem|złożyłam|złożę|składam) (?:już )?(?:zawiadomienie|doniesienie|skargę|wniosek o zakaz)",
            r"(?:mam|masz|dostałeś|dostałaś|będziesz miał|bedziesz mial) (?:sądowy )?zakaz (?:zbliżania|kontaktu|kontaktowania)",
            r"policja (?:już )?(?:wie|jest powiadomiona|została powiadomiona|się tym zajmie)",
        ],
        "pt": [
            r"(?:vou|eu vou|vamos) (?:já |mesmo |agora )?(?:chamar|ligar para|ligar pra|ligar à|ligar a|ir à|ir a|ir na|ir para|ir pra|contactar|avisar|chamar a) (?:a )?(?:polícia|policia|psp|gnr|pj|190|112|esquadra|delegacia)",
            r"(?:já )?(?:chamei|liguei para|liguei pra|liguei à|fui à|fui na|fui a|avisei|contactei) (?:a )?(?:polícia|policia|psp|gnr|190|112|esquadra|delegacia)",
            r"(?:vou|vou-te|vou te) (?:te )?(?:denunciar|participar de ti|queixar de ti|fazer queixa de ti)",
            r"(?:já )?(?:te denunciei|denunciei-te|denunciei você|denunciei vc|fiz queixa|dei queixa|apresentei queixa|fiz (?:um )?(?:bo|b\.o|boletim de ocorrência|boletim de ocorrencia)|registrei (?:um )?(?:bo|boletim))",
            r"(?:vou|vou já|eu vou) (?:fazer|apresentar|dar|registrar) (?:uma )?(?:queixa|denúncia|denuncia|bo|boletim)",
            r"(?:tenho|eu tenho|consegui|pedi|vou pedir) (?:uma )?(?:ordem|medida) (?:de )?(?:restrição|restricao|afastamento|proteção|protecao|protetiva)",
            r"medida protetiva contra (?:ti|você|vc)",
        ],
        "es": [
            r"(?:voy a|vamos a|te voy a) (?:llamar|avisar|ir|denunciar) (?:a )?(?:la )?(?:policía|policia|poli|guardia civil|mossos|ertzaintza|091|112|comisaría|comisaria)",
            r"(?:llamo|llamaré|llamare) a (?:la )?(?:policía|policia|poli|guardia civil)",
            r"(?:he llamado|llamé|llame|ya llamé|fui|he ido) a (?:la )?(?:policía|policia|poli|guardia civil|comisaría|comisaria)",
            r"(?:te voy a denunciar|voy a denunciarte|te denuncio|te denunciaré|te he denunciado|ya te denuncié|te denuncié|te denuncie|puse una denuncia|he puesto una denuncia|voy a poner una denuncia|ya puse la denuncia)",
            r"(?:tengo|pedí|pedi|voy a pedir|he pedido) una orden de (?:alejamiento|restricción|restriccion|protección|proteccion)",
        ],
        "fr": [
            r"je (?:vais |v )?(?:appeler|appelle|prévenir|previens|préviens|prevenir) (?:la police|les flics|les keufs|les gendarmes|la gendarmerie|le 17|les condés)",
            r"j'appelle (?:la police|les flics|les keufs|les gendarmes|le 17)",
            r"(?:je vais|j'vais|jvais) (?:porter plainte|aller (?:à la police|a la police|au commissariat|à la gendarmerie|voir les flics|voir la police)|te dénoncer|te denoncer|déposer plainte|deposer plainte)",
            r"(?:j'ai|jai) (?:déjà |deja )?(?:porté plainte|porte plainte|déposé plainte|depose plainte|appelé la police|appele la police|appelé les flics|prévenu la police|averti la police)",
            r"je (?:porte|dépose) plainte",
            r"je suis (?:allée?|allé) (?:à la police|au commissariat|à la gendarmerie|voir la police)",
            r"(?:j'ai|jai|tu as|t'as) une (?:ordonnance de protection|ordonnance d'éloignement|interdiction de (?:contact|m'approcher|t'approcher|me contacter))",
        ],
        "de": [
            r"ich (?:rufe|ruf|hole|hol) (?:jetzt |sofort |gleich )?(?:die polizei|die bullen|die cops|110)",
            r"ich (?:werde|werd) (?:jetzt |sofort |gleich )?(?:die polizei|die bullen|110) (?:rufen|anrufen|holen|verständigen|einschalten|informieren)",
            r"ich (?:gehe|geh|werde) (?:jetzt |morgen |sofort )?(?:zur polizei)",
            r"ich (?:war|bin) (?:schon |bereits )?(?:bei der polizei|zur polizei gegangen)",
            r"ich (?:zeige|zeig) dich an|ich (?:werde|werd) dich (?:anzeigen|melden)|ich (?:hab|habe) dich (?:angezeigt|gemeldet)",
            r"ich (?:habe|hab|erstatte|werde) (?:schon |bereits )?(?:eine )?anzeige (?:erstattet|erstatten|gemacht)",
            r"ich erstatte anzeige",
            r"ich (?:habe|hab|bekomme|beantrage|kriege) (?:ein |eine )?(?:kontaktverbot|annäherungsverbot|einstweilige verfügung|gewaltschutzanordnung|schutzanordnung)",
        ],
        "ur-Latn": [
            r"(?:main|mein|mai|me|mae) (?:tumhari |teri |aapki |apki )?(?:police|poleece|pulis) (?:ko|ke paas|ke pas|mein|me|main|station)? ?(?:bula|bulaa|call kar|fone kar|phone kar|bata|report kar|complaint kar|shikayat kar|shikayat|inform kar|ja|jaa|jaaun|jaun|de)(?:ungi|unga|oongi|oonga|aungi|aunga|dungi|dunga|doongi|doonga| dungi| dunga| doongi| doonga| rahi hoon| raha hoon| rhi hun| rha hun| rahi hun| raha hun)",
            r"(?:maine|main ne|mene|mainey|meine) (?:tumhari |teri |aapki |apki )?(?:police|pulis) (?:ko|mein|me|main|ke paas)? ?(?:bata|call kar|inform kar|report kar|complaint kar|shikayat kar|phone kar|bula)(?: di| diya| dia| li| liya| lia)",
            r"(?:tumhari|teri|aapki|apki) (?:police mein |police me |police main )?(?:complaint|shikayat|report|fir) (?:kar|kr|darj kar|likhwa) (?:di|diya|dia|dungi|dunga|doongi|doonga|rahi hoon|raha hoon|di hai|diya hai)",
            r"(?:mere|mera|mery) (?:paas|pas) (?:restraining order|court order|stay order|protection order)",
        ],
        "ar": [
            r"(?:سأتصل|ساتصل|سوف اتصل|رح اتصل|راح اتصل|حتصل|هتصل|حتصل|بتصل|باتصل|رح احكي|راح اكلم|حكلم|هكلم|سأبلغ|سابلغ|رح بلغ|راح ابلغ|هبلغ) (?:ب|على|عل|لل)?(?:الشرطة|البوليس|الشرطه|بالشرطة|بالشرطه|بالبوليس|999|911|عليك الشرطة|عنك الشرطة|الشرطة عنك|عنك)",
            r"(?:اتصلت|بلغت|كلمت|رحت|ذهبت|اشتكيت) (?:عليك |عنك )?(?:ب|على|لل|الى|إلى|ل)?(?:الشرطة|الشرطه|البوليس|بالشرطة|للشرطة|عليك|عنك)",
            r"(?:سأقدم|رح اقدم|راح اقدم|قدمت|رفعت|سأرفع|رح ارفع|هرفع|حرفع|حقدم|هعمل|عملت) (?:عليك )?(?:شكوى|شكوه|بلاغ|قضية|محضر)",
            r"(?:عندي|حصلت على|معي) (?:امر|أمر) (?:تقييد|حماية|حمايه|ابعاد|إبعاد|منع)",
        ],
    },
    "identity.new_number": {
        "en": [
            r"it(?:'s| is|s|z) (?:me+|meee*)(?: again)?(?: on| from| with| off)?(?: a| my| me)? (?:new|nu|other|different|diff|another|burner|spare) (?:{number}|phone|fone|sim|account|acc|profile|snap|insta)",
            r"it(?:'s| is|s|z) (?:me+|meee*)(?: again)? (?:on|from|off|using) (?:my |a )?(?:mate's|mates|m8s|friend's|friends|mum's|mums|mom's|sister's|sisters|brother's|brothers|cousin's|someone else's|someone elses) (?:{number}|phone|fone|account|acc)",
            r"^\s*(?:just )?(?:got|getting|have|new) (?:a )?(?:new|nu) (?:{number}|sim)",
            r"(?:this|this is|this's|thiss|here's|heres|here is|that's|thats|this be) (?:my|me|ma) (?:new|nu|other|second|2nd|burner|spare|backup|new new) (?:{number}|phone|fone|sim|account|acc)",
            r"(?:new|nu|diff|different|another) (?:{number}|phone)(?: btw| lol| babe| hun)? it(?:'s|s| is|z) (?:me+|ya boy|ya girl)",
            r"my (?:new|nu) (?:{number}|mobile number|phone number)",
            r"{ive} (?:(?:got|gotten|getting|had to get|bought|have|got myself) )(?:a |myself a )?(?:new|nu|different|another) (?:{number}|sim)",
            r"{ive} (?:changed|had to change|switched|swapped) (?:my )?(?:{number}|sim)",
            r"{you}(?:'ve| have|ve)? (?:\S+ )?blocked me(?: on \S+| everywhere)?(?: so| thats why| that's why| which is why| hence| soo+)",
            r"(?:since|cos|coz|cuz|cause|because|bc|as|now) {you}(?:'ve| have|ve)? (?:\S+ )?blocked (?:me|my)",
            r"{you}(?:'ve| have|ve)? blocked my (?:other|old|main|real|last|first|original) (?:{number}|one|phone|account|acc)",
            r"(?:don't|dont|do not|dnt|{pls} don't|{pls} dont) (?:you )?(?:dare )?block (?:this|me|this one|this number|this no|this num|me again|me on here|this account)",
            r"save (?:this|my|me|ma) (?:new )?(?:{number}|one)",
            r"(?:texting|messaging|calling|msging|writing|ringing|txting|contacting) (?:you |u )?(?:from|off|on|with|using) (?:my |a |me )?(?:mate's|mates|friend's|friends|m8s|mums|mum's|mom's|moms|sister's|sisters|brother's|brothers|cousin's|cousins|another|different|diff|new|other|spare|burner|someone else's|someone elses|borrowed) (?:{number}|phone|fone|mobile|account|acc)",
            r"unblock (?:me|my (?:other|old|main|real) (?:{number}|one|phone|account))",
        ],
        "pl": [
            r"to ja[^\p{L}\p{N}]*(?:mam )?(?:nowy|inny) (?:numer|nr|telefon)",
            r"(?:to|ten) (?:jest )?(?:mój|moj) (?:nowy|drugi|inny) (?:numer|nr)",
            r"(?:mój|moj) (?:nowy|nowi) (?:numer|nr)",
            r"(?:piszę|pisze|dzwonię|dzwonie) (?:do ciebie )?z (?:nowego|innego|drugiego|obcego|pożyczonego) (?:numeru|telefonu|nr)",
            r"(?:piszę|pisze|dzwonię|dzwonie) (?:do ciebie )?z (?:numeru|telefonu) (?:kolegi|koleżanki|mamy|siostry|brata|kumpla|znajomego|znajomej)",
            r"(?:zablokowałaś|zablokowałeś|zablokowalas|zablokowales) mnie (?:więc|wiec|to|dlatego|no to)",
            r"(?:bo|skoro|ponieważ) mnie (?:zablokowałaś|zablokowałeś|zablokowalas|zablokowales)",
            r"nie (?:blokuj|blokój) (?:tego numeru|mnie|tego|mnie znowu|mnie więcej)",
            r"(?:zapisz|zapisz sobie|zachowaj) (?:sobie )?(?:ten|mój nowy|moj nowy|nowy) (?:numer|nr)",
            r"(?:zmieniłem|zmieniłam|zmienilem|zmienilam) (?:numer|nr)|mam (?:teraz )?nowy (?:numer|nr)",
            r"odblokuj mnie",
        ],
        "pt": [
            r"(?:sou eu|é eu|e eu|sou eu de novo)[^\p{L}\p{N}]*(?:com |de |num |com um |do )?(?:um |o )?(?:número|numero|nr|nº|telemóvel|telemovel|celular|chip) (?:novo|diferente)",
            r"(?:sou eu|é eu)[^\p{L}\p{N}]*(?:com |de |num |com um |do )?(?:um |o )?(?:novo|outro) (?:número|numero|nr|telemóvel|celular|chip)",
            r"(?:este|esse|isto|isso) (?:é|e) (?:o )?(?:meu|o meu) (?:novo )?(?:número|numero|nr|contacto|contato)(?: novo)?",
            r"(?:o )?meu (?:novo )?(?:número|numero|nr|contacto|contato) novo",
            r"(?:o )?meu novo (?:número|numero|nr|contacto|contato)",
            r"(?:guarda|guarde|grava|grave|salva|salve|adiciona|adicione) (?:este|esse|o meu|meu|o|o novo) (?:novo )?(?:número|numero|nr|contacto|contato)",
            r"(?:não|nao|n) (?:me )?(?:bloqueies|bloqueie|bloqueia|bloqueias) (?:este|esse|este número|esse número|de novo|outra vez|mais)",
            r"(?:me )?(?:bloqueaste|bloqueou|bloqueaste-me|bloqueou-me)(?: me)? (?:então|entao|por isso|daí|dai|e por isso|ent)",
            r"(?:como|já que|ja que|porque|pq) (?:me )?(?:bloqueaste|bloqueou|bloqueaste-me|bloqueou-me)",
            r"(?:mudei|troquei) de (?:número|numero|nr|chip)|(?:tenho|arranjei|comprei) (?:um )?(?:número|numero|chip) novo",
            r"(?:estou|to|tô|tou) (?:a escrever|a mandar|escrevendo|mandando|ligando|a ligar) (?:do|de|pelo) (?:outro|um outro|número de|numero de|telemóvel de|celular de|telefone de|chip de)",
            r"desbloqueia(?:-me)?|me desbloqueia",
        ],
        "es": [
            r"soy yo[^\p{L}\p{N}]*(?:con |desde )?(?:un |mi |el |otro )?(?:número|numero|móvil|movil|celular|cel) (?:nuevo|nueva|diferente)",
            r"soy yo[^\p{L}\p{N}]*(?:con |desde )?(?:un |mi |el )?(?:nuevo|otro) (?:número|numero|móvil|movil|celular)",
            r"(?:este|esto|ese) es mi (?:nuevo |otro )?(?:número|numero|móvil|movil|celular|cel)",
            r"(?:es )?mi (?:número|numero|móvil|movil|celular|cel) nuevo|mi nuevo (?:número|numero|celular|móvil|movil)",
            r"(?:guarda|guárdate|guardate|agrega|añade|anade|apunta|agenda) (?:este|mi|el) (?:nuevo )?(?:número|numero|celular|cel|contacto)",
            r"no (?:me )?(?:bloquees|bloquee) (?:este|este número|este numero|más|otra vez|de nuevo)",
            r"(?:como|ya que|porque|pq) me (?:bloqueaste|has bloqueado|bloqueó)",
            r"me (?:bloqueaste|has bloqueado) (?:así que|asi que|entonces|por eso)",
            r"(?:cambié|cambie|he cambiado) de (?:número|numero|móvil|movil)|tengo (?:un )?(?:número|numero) nuevo",
            r"te (?:escribo|hablo|llamo) (?:desde|del|con) (?:otro|el (?:número|numero|móvil|movil|celular) de|un (?:número|numero) (?:nuevo|diferente)|el de)",
            r"desbloquéame|desbloqueame",
        ],
        "fr": [
            r"c'est (?:encore )?moi[^\p{L}\p{N}]*(?:avec |j'ai |sur |depuis )?(?:un |mon )?(?:nouveau|autre) (?:numéro|num|portable|tel|tél|téléphone|compte)",
            r"(?:c'est|voici|voilà|voila|ceci est) (?:mon|le) (?:nouveau|autre) (?:numéro|num|portable|tel|tél)",
            r"(?:mon|le) nouveau (?:numéro|num|tel|tél)",
            r"nouveau (?:numéro|num)[^\p{L}\p{N}]+c'est moi",
            r"(?:ne )?(?:bloque|bloques|bloquez) pas (?:ce numéro|celui-ci|celui là|celui-là|ce num|ce compte|encore|à nouveau|moi)",
            r"(?:ne )?me (?:bloque|bloques|bloquez) pas",
            r"(?:enregistre|enregistrez|garde|sauvegarde|note) (?:ce|mon nouveau|mon|le nouveau) (?:numéro|num)",
            r"(?:tu m'as|vous m'avez) bloquée? (?:donc|alors|du coup|dc)",
            r"(?:comme|vu que|puisque|parce que|pcq|psk) (?:tu m'as|vous m'avez) bloquée?",
            r"(?:j'ai|jai) changé de (?:numéro|num|portable)",
            r"je (?:t'écris|t'appelle|t'envoie ça) (?:du|depuis le|avec le|depuis un|d'un) (?:autre |nouveau )?(?:portable|tel|tél|téléphone|numéro|num)",
            r"(?:débloque|debloque)(?:-| )moi",
        ],
        "de": [
            r"ich (?:bin's|bins|bin es|bin's nochmal)[^\p{L}\p{N}]*(?:mit |hab |habe )?(?:einer |meine |eine )?(?:neuen|neue|neuer|andere|anderen|anderer) (?:nummer|handynummer|handy)",
            r"(?:das|dies) ist meine (?:neue|andere|zweite) (?:nummer|handynummer)",
            r"(?:hier ist )?meine neue (?:nummer|handynummer)",
            r"neue (?:nummer|handynummer)[^\p{L}\p{N}]+ich (?:bin's|bins|bin es)",
            r"(?:blockier|blockiere|block) (?:diese|die|mich) (?:nummer )?(?:nicht|bitte nicht)",
            r"nicht (?:schon )?wieder blockieren",
            r"(?:speicher|speichere|speichert) (?:dir )?(?:diese|die|meine neue|die neue) (?:nummer|handynummer)",
            r"du hast mich blockiert(?:,)? (?:also|deshalb|darum|deswegen|drum)",
            r"(?:weil|da) du mich blockiert hast",
            r"ich (?:hab|habe) (?:jetzt )?(?:eine )?neue (?:nummer|handynummer)|ich (?:hab|habe) meine nummer gewechselt",
            r"ich (?:schreib|schreibe) (?:dir )?(?:von|vom|über) (?:einer anderen nummer|der nummer|dem handy|einem anderen handy|einer neuen nummer)",
            r"(?:entblock|entblocke|entsperr|entsperre) mich",
        ],
        "ur-Latn": [
            r"(?:main|mein|mai|me) (?:hoon|hun|hu)[^\p{L}\p{N}]*(?:ye |yeh |mera )?(?:naya|nya|new|dusra|doosra) (?:number|no|nmbr)",
            r"(?:ye|yeh|yh|is) (?:mera|mra) (?:naya|nya|new|dusra|doosra) (?:number|no|nmbr)",
            r"(?:mera|mra) (?:naya|nya|new) (?:number|no|nmbr)",
            r"(?:naya|nya|new) (?:number|no|nmbr) (?:hai|he|h) (?:mera|mra)",
            r"(?:ye|yeh|yh|is) (?:number|no|nmbr) (?:ko )?(?:block|blok) (?:mat|mt|na|nah|naa) (?:karna|krna|karo|kro|kardena|kar dena)",
            r"(?:tumne|tum ne|aapne|apne|ap ne|tune|tu ne) (?:mujhe|mjhe|mera number|mera no) (?:block|blok) (?:kar|kr) (?:diya|dia|di|rakha|rkha)(?: tha| hai| he)? (?:is liye|isliye|islye|islie|to|toh)",
            r"(?:ye|yeh|yh|mera naya|mera) (?:number|no|nmbr) (?:save|sev) (?:kar|kr) (?:lo|lena|lein|len|le)",
            r"(?:number|no) (?:badal|change) (?:liya|lia|kar liya|kr lia)|naya (?:number|sim) (?:le liya|le lia|liya|lia)",
            r"(?:dost|dost ke|friend|ammi|ami|behen|bhai|kisi aur|dusre|doosre|dosre) (?:ke )?(?:number|phone|fone) se (?:message|msg|call|likh|baat|kar)",
            r"(?:mujhe|mjhe) (?:unblock|un block) (?:kar|kr|kardo|krdo)",
        ],
        "ar": [
            r"(?:انا|أنا|هذا انا|هذا أنا)[^\p{L}\p{N}]*(?:هذا |هاد |هيدا )?(?:رقمي الجديد|رقم جديد|رقمي الثاني|رقم ثاني)",
            r"(?:هذا|هاد|هيدا|ده|هذي) (?:هو )?رقمي (?:الجديد|الثاني|التاني)",
            r"رقمي الجديد",
            r"(?:لا|ما|متت?) ?(?:تحظر|تحظري|تبلك|تبلكي|تعمل بلوك|تعملي بلوك|تسوي بلوك) (?:هذا الرقم|هاد الرقم|هالرقم|هذا|ده|الرقم ده|هيدا الرقم|مرة ثانية|مرة تانية)",
            r"(?:احفظ|احفظي|سجل|سجلي|خزن|خزني) (?:هذا الرقم|هاد الرقم|هالرقم|رقمي الجديد|الرقم الجديد|رقمي)",
            r"(?:عشان|لانك|لأنك|بما انك|بما إنك|علشان) (?:حظرتني|بلكتني|عملتلي بلوك|عملتيلي بلوك)",
            r"(?:حظرتني|بلكتني|عملتلي بلوك) (?:فـ|عشان كده|لذلك|فلذلك|فا)",
            r"(?:غيرت|بدلت) رقمي",
            r"(?:فك|فكي|شيل|شيلي) (?:عني |الحظر عني |البلوك عني |البلوك )",
        ],
    },
}

# --------------------------------------------------------------------------------------
# Guards: key -> templates.  Keys are a code (applies to that code), or a family name
# (applies to every code of the family).  Written with \s+ between words.
# --------------------------------------------------------------------------------------

_LAUGH = (
    r"(?:^|[^\p{L}\p{N}])(?:lo+l+|lo+lz|lmf?a+o+|ro+fl|ha(?:ha)+h*|ah(?:ah)+|he(?:he)+|hi(?:hi)+|"
    r"ja(?:ja)+|je(?:je)+|xd+|x-d|k{3,}|(?:rs){2,}|mdr+|ptdr+|jk|jks|jking|only\s+joking|just\s+kidding|"
    r"jus\s+kidding|banter|hah|hihi|hehe)(?:$|[^\p{L}\p{N}])"
    r"|😂|🤣|😜|😝|😘|😆|😅|😹|😛|😋|🙃|😉|😍|🥰|💕|💖|😚|😙"
    r"|(?:^|[^\p{L}])(?:هه+|خخخ+)(?:$|[^\p{L}])"
)

_REPORTED = [
    # English: a third party as the speaker
    r"(?:\b|^)(?:he|she|they|someone|somebody|some1|my (?:mum|mom|dad|sister|sis|brother|bro|friend|mate|ex|boss|teacher|nan|gran|cousin|auntie|aunt|uncle|wife|husband)|his|her (?:mum|mom|dad|sister|brother|friend))(?:'s|'d|s)?\s+(?:just\s+|literally\s+|then\s+|always\s+)?(?:told|tells|telling|tellin|said|says|saying|sayin|asked|asks|keeps\s+saying|kept\s+saying|was\s+like|is\s+like|goes|went|texted|messaged|wrote|screamed|shouted|yelled|threatened|reckons|claims|claimed|put|like)\b",
    # English: the owner reporting what they told a third party
    r"\b(?:told|tell|telling|tellin|asked|ask|asking|texted|messaged|warned|warn)\s+(?:him|her|them|his\s+\S+|her\s+\S+|my\s+\S+|the\s+\S+|[a-z]+'s\s+\S+)\s+(?:to|that|i|i'?d|i'?ll|i'?m|i'?ve|2|not\s+to|he|she)\b",
    # English: a third person who should stop / leave
    r"\b(?:he|she|they|him|her|them)(?:\s+(?:just|to|would|will|'d|'ll|should|could|can|needs|need|has|have|had|to|won'?t|wont|doesn'?t|didn'?t|never|better|gonna|wants|want|would\s+just|will\s+just)){0,3}\s+(?:stop|leave|quit|block|call\s+the\s+police|report)\b",
    r"\b(?:i\s+wish|i\s+hope|hope|wish|make|get|let)\s+(?:him|her|them|he|she|they)\b",
    # Polish
    r"(?:powiedział|powiedziała|powiedzial|powiedziala|kazał|kazała|kazal|kazala|mówił|mówiła|mowil|mowila|mówi|mowi|napisał|napisała|napisal|napisala|prosił|prosiła|prosil|prosila)(?:\s+\S+){0,2}\s+(?:żebym|zebym|żeby|zeby|że|ze|by|abym)\b",
    r"(?:^|[^\p{L}])(?:on|ona|oni|one)\s+(?:mi\s+|mnie\s+)?(?:powiedział|powiedziała|kazał|kazała|mówi|mówił|mówiła|napisał|napisała|pisze)",
    # Portuguese / Spanish
    r"(?:^|[^\p{L}])(?:ele|ela|eles|elas|él|el|ella|ellos|ellas)\s+(?:me\s+|te\s+|lhe\s+|le\s+)?(?:disse|falou|pediu|mandou|escreveu|dijo|pidió|pidio|escribió|escribio|dice|diz)\s+(?:para|que|pra|pa)?",
    r"(?:^|[^\p{L}])(?:me\s+disse|me\s+dijo|le\s+dije|lhe\s+disse|disse-me|disse\s+que|dijo\s+que|falou\s+que|me\s+pidió\s+que|me\s+pidio\s+que)",
    # French
    r"(?:^|[^\p{L}])(?:il|elle|ils|elles|on)\s+(?:m'a|ma|m'ont|lui\s+a|a|m'a\s+dit|dit|disait)\s+(?:dit|demandé|ecrit|écrit|que|de|d')",
    r"(?:je\s+lui\s+ai\s+dit|je\s+leur\s+ai\s+dit)",
    # German
    r"(?:^|[^\p{L}])(?:er|sie)\s+(?:hat|meinte|sagte|sagt|schrieb|schreibt)\s+(?:mir\s+)?(?:gesagt|geschrieben|dass|ich\s+soll|,?\s*ich)",
    r"(?:ich\s+hab\s+ihm|ich\s+habe\s+ihm|ich\s+hab\s+ihr|ich\s+habe\s+ihr)\s+gesagt",
    # Roman Urdu
    r"(?:^|[^\p{L}])(?:usne|us\s+ne|usnay|unhon\s+ne|unhone|unho\s+ne|wo|woh|voh|vo)\s+(?:\S+\s+){0,3}(?:kaha|keh\s+rahi|keh\s+raha|kehti|kehta|bola|boli|bataya|likha)",
    r"(?:maine|main\s+ne|mene)\s+(?:usko|usay|use|unko|usse|us\s+ko|usey)\s+(?:\S+\s+){0,3}(?:kaha|bola|boli|bataya)",
    # Arabic
    r"(?:قال|قالت|قالو|قالوا)\s+(?:لي|انه|إنه|انها|إنها|ان|إن)",
]

_SHORT_TERM = [
    r"\b(?:for|4)\s+(?:a\s+|an\s+|the\s+|like\s+|just\s+)?(?:(?:\d+|few|couple(?:\s+of)?|one|two|five|ten|twenty|half\s+an?)\s*(?:sec|secs|second|seconds|min|mins|minute|minutes|mo|moment|moments|hour|hours|hr|hrs|h|m)|bit|sec|secs|second|min|mins|minute|moment|mo|while|hour|tonight|today|now|the\s+(?:night|evening|day|weekend|moment|rest\s+of\s+the\s+(?:day|night|evening)))\b",
    r"\b(?:until|till|til|untill|till)\s+(?:\d|i\b|i'm|im\b|tomorrow|tmrw|tmr|tomoz|later|after|the\s+morning|morning|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|next|we|you|u|this|that|then|i've|ive|it's|its)",
    r"\b(?:i'?m|im|i\s+am)\s+(?:so\s+|really\s+|a\s+bit\s+|literally\s+|just\s+|still\s+|currently\s+)?(?:gaming|playing|busy|working|at\s+work|in\s+work|at\s+school|at\s+uni|in\s+class|driving|sleeping|asleep|in\s+a\s+meeting|studying|revising|eating|out\s+with|with\s+(?:my|the|friends|family|mates|the\s+kids)|watching|on\s+a\s+call|on\s+the\s+phone|tired|knackered|in\s+the\s+middle|at\s+the\s+gym|in\s+the\s+shower|cooking|shopping|on\s+shift)",
    r"\b(?:while|whilst)\s+(?:i'?m|i\s+am|im|i)\b|\b(?:when|wen)\s+(?:i'?m|i\s+am|im)\b",
    r"\b(?:tonight|this\s+(?:evening|morning|afternoon|weekend)|right\s+now\s+i|in\s+a\s+bit|later\s+on|call\s+(?:you|u)\s+(?:later|back|in)|text\s+(?:you|u)\s+(?:later|back|in)|talk\s+(?:later|tomorrow|tmrw))\b",
    r"\b(?:at\s+work|in\s+work|at\s+school)\b",
    # Polish
    r"(?:^|[^\p{L}])(?:na\s+(?:chwil[eę]|moment|sekund[eę]|minut[eę]|(?:\d+|par[eę]|kilka|pi[eę][cć]|dziesi[eę][cć]|dwie)\s+(?:min|minut|sek|godz))|do\s+(?:jutra|wieczora|rana)|teraz\s+(?:gram|pracuj|jestem|nie\s+mog)|jestem\s+(?:zaj[eę]t|w\s+pracy)|w\s+pracy|dzisiaj|dziś|dzis|zaraz|p[oó][zź]niej|gram\s+w)",
    # Portuguese / Spanish
    r"(?:^|[^\p{L}])(?:(?:por|durante|uns|unos)\s+(?:um\s+|uns\s+|un\s+|unos\s+)?(?:\d+|cinco|dez|diez|dois|dos)?\s*(?:minuto|minutos|bocado|pouco|segundo|segundos|rato|momento|momentito|horas?)|um\s+(?:bocado|pouco|minuto|segundo|momento)|un\s+(?:rato|momento|minuto|segundo|ratito)|até\s+amanhã|ate\s+amanha|hasta\s+mañana|hasta\s+manana|hasta\s+luego|hoje|esta\s+noite|hoy|esta\s+noche|estou\s+(?:a\s+)?(?:jogar|jogando|trabalhar|trabalhando|ocupad|no\s+trabalho|a\s+trabalhar)|tô\s+(?:jogando|trabalhando|ocupad)|to\s+(?:jogando|trabalhando|ocupad)|estoy\s+(?:jugando|ocupad|trabajando|en\s+el\s+trabajo|currando|conduciendo))",
    # French
    r"(?:^|[^\p{L}])(?:(?:cinq|5|deux|2|dix|10|quelques)\s+(?:minutes|min|secondes|sec)|deux\s+secondes|un\s+(?:moment|peu|instant|peu)|jusqu'?[àa]\s+demain|ce\s+soir|aujourd'?hui|je\s+(?:joue|bosse|travaille|suis\s+occup|suis\s+au\s+(?:travail|taf|boulot)|conduis)|tout\s+[àa]\s+l'heure|plus\s+tard)",
    # German
    r"(?:^|[^\p{L}])(?:(?:f(?:ü|ue|u)r\s+)?(?:\d+|f(?:ü|ue|u)nf|zwei|zehn|ein\s+paar)\s+(?:min|minuten|sekunden|stunden)|kurz|einen\s+moment|bis\s+morgen|heute|heut|ich\s+(?:zocke|zock|spiele|spiel|arbeite|arbeit|bin\s+besch(?:ä|ae|a)ftigt|bin\s+auf\s+der\s+arbeit|fahre|fahr)|grad\s+|gerade\s+|sp(?:ä|ae|a)ter)",
    # Roman Urdu
    r"(?:^|[^\p{L}])(?:(?:thori|thodi|thoda|thora|thore|thode)\s+(?:der|dair|dair\s+ke\s+liye|der\s+ke\s+liye)|(?:\d+|paanch|panch|do|das)\s+(?:min|minute|mint|minat|mins)|abhi\s+(?:game|khel|busy|bizzy|kaam|kam|office|sona|so\s+rahi|so\s+raha)|kal\s+tak|baad\s+mein|baad\s+me|bad\s+me|aaj\s+(?:raat|ke\s+liye))",
    # Arabic
    r"(?:دقيقة|دقايق|دقائق|شوي|شوية|شويه|لحظة|بكرا|بكرة|بكره|حتى الغد|مشغول|مشغولة|بعدين|الحين مشغول|اليوم بس)",
]

GUARDS: dict[str, list[str]] = {
    "refusal": [_LAUGH, *_REPORTED],
    "refusal.stop_contact": [
        *_SHORT_TERM,
        # negated / opposite forms
        r"(?:\b|^)(?:don'?t|do\s+not|dont|dnt|never|not|didn'?t|doesn'?t|won'?t|wouldn'?t|can'?t|cant|cannot|couldn'?t|shouldn'?t|no\s+need\s+to|never\s+ever)\s+(?:ever\s+|just\s+|please\s+|pls\s+|plz\s+|even\s+|really\s+|fucking\s+|you\s+dare\s+|u\s+dare\s+|u\s+ever\s+|you\s+ever\s+)*(?:stop|quit|leave\s+(?:me|us|my))\b",
        r"\b(?:you|u|ya)\s+(?:never|always|just\s+never|won'?t\s+ever)\s+(?:leave|stop)\b",
        r"\b(?:should|shall|do|did|can|could|how|would|will)\s+i\s+(?:\S+\s+)?(?:tell|ask|get|make|say|text|message)\b",
        r"\bhow\s+(?:do|can|to|should)\s+(?:i\s+)?(?:get|make|tell)\b",
        # "stop calling me babe/names" kept out by the rule; the names themselves here
        r"\bcalling\s+me\s+(?:names|babe|baby|bae|hun|hon|honey|sweetheart|darling|that|a\s|an\s|fat|ugly|stupid|old|mate|bro)",
        # Polish negated
        r"(?:^|[^\p{L}])nie\s+(?:przestawaj|przestaniesz|przestanie|zostawiaj|zostawisz|zostawi)",
        # Portuguese / Spanish: "(he) doesn't stop calling", "don't leave me"
        r"(?:^|[^\p{L}])(?:n(?:ã|a)o|nunca|no)\s+(?:\S+\s+)?(?:para|pare|pares|paras|deixa|deixas|deixes|deje|deja|dejas|dejes|para\s+de|paras\s+de|me\s+deixa|me\s+deixes|me\s+deja)\b",
        r"(?:^|[^\p{L}])(?:n(?:ã|a)o|nunca|no)\s+me\s+(?:deixe|deixes|deixa|dejes|deje)\s+(?:em\s+paz|sozinh|sol)",
        # French: "n'arrête pas de m'écrire", "tu ne m'appelles plus"
        r"n['’`]?\s*arr[eê]te(?:s|z|nt)?\s+pas|arr[eê]te(?:s|z|nt)?\s+pas|ne\s+me\s+laisse\s+pas|(?:^|[^\p{L}])(?:tu|il|elle|ils|elles|on)\s+(?:ne\s+)?m['’`]?(?:appelles?|écris|ecris|contactes?)\s+plus",
        # German: "hör nicht auf", "er lässt mich nicht in Ruhe"
        r"h(?:ö|oe|o)r\s+(?:bitte\s+)?nicht\s+auf|lass\s+mich\s+nicht",
        # Roman Urdu: "mujhe akela mat chhodo" (don't leave me alone)
        r"(?:mat|mt|na|nah|naa|kabhi|kbhi)\s+(?:\S+\s+)?(?:chhor|chor|chhod|chod)",
        r"(?:message|msg|call|text|baat)\s+(?:karna|krna)\s+(?:mat|na)\s+(?:chhor|chor|chhod|chod|band)",
        # Arabic: "don't leave me", "don't stop"
        r"(?:لا|ما)\s*(?:تتركني|تتركيني|تسيبني|تسيبيني|تتوقف|تتوقفي|تبطل|تبطلي|توقف)",
    ],
    "refusal.blocked": [
        r"\b(?:did|have|had|do|does|should|shall|can|could|would|why|when|was|were|if|whether|whn|y)\s+(?:i|you|u|ya)\s+(?:\S+\s+)?(?:block|blocked|blocking)\b",
        r"\b(?:are|r|am|is)\s+(?:you|u|i)\s+(?:\S+\s+)?blocked\b",
        r"block(?:ed|ing)?\s+(?:you|u|ya)(?:\s+(?:on|from)\s+\S+)?\s*\?",
        r"blocked\s*\?",
        r"(?:\b(?:not|never|havent|havnt|wont|didnt|dont|aint|no\s+longer)|n[’']t)\s+(?:\S+\s+)?(?:block|blocked|blocking)\b",
        r"(?:accident|accidently|accidentally|mistake|unblock|unblocked|un-block|didn'?t\s+mean)",
        r"block(?:ed|ing)\s+(?:you|u|ya)\s+in\b",
        r"\b(?:he|she|they|someone|somebody)(?:'s|'d|s)?\s+(?:\S+\s+)?(?:block|blocked|blocking)\b",
        # Polish
        r"(?:zablokowa\S*|zablokuj\S*|blokuj\S*|bloque\S*|bloqu\S*|blockiert|geblockt|blocked|block\s+kiya|حظرتك|بلكتك)\s*[?؟]",
        r"(?:^|[^\p{L}])(?:czy|nie)\s+(?:\S+\s+){0,2}(?:zablok|blokuj|blokuję|blokuje)|przypadkiem|przez\s+przypadek|niechcący|niechcacy|odblok",
        # Portuguese / Spanish
        r"(?:^|[^\p{L}])(?:n(?:ã|a)o|nunca|no)\s+(?:te\s+)?(?:\S+\s+)?(?:bloque)|sem\s+querer|por\s+engano|por\s+error|por\s+accidente|sin\s+querer|desbloque|¿[^?]{0,40}bloque",
        # French
        r"(?:pas|jamais)\s+(?:\S+\s+)?bloqu|ne\s+te\s+bloque|t['’`]?ai\s+pas|par\s+erreur|par\s+accident|sans\s+faire\s+expr|d[ée]bloqu",
        # German
        r"nicht\s+(?:\S+\s+)?(?:blockiert|geblockt|blockieren)|aus\s+versehen|versehentlich|entblock|entsperr|hab\s+ich\s+dich",
        # Roman Urdu
        r"(?:ghalti|galti|ghlti|glti)\s+se|unblock|kya\s+(?:\S+\s+)?block|block\s+(?:nahi|nahin|nai|ni)",
        # Arabic
        r"(?:ما|لم|مش|مو|مب)\s*(?:حظرت|بلكت|احظرك|أحظرك|ابلكك)|بالغلط|بالخطأ|هل\s|؟",
    ],
    "refusal.police": [
        r"\b(?:should|shall|do|did|can|could|would|must|will)\s+i\s+(?:\S+\s+)?(?:call|ring|report|go|phone|contact|tell|get|involve)\b",
        r"\b(?:if\s+i\s+(?:was|were)\s+you|you\s+should|u\s+should|you\s+need\s+to)\b",
        r"(?:police|cops|999|101)\s*\?",
        r"(?:police|cops|999|101)\s+(?:on|about|for|cos|because|coz|cuz|re)\s+(?:him|her|them|the|a|an|my|our|his|their|some|someone|somebody|those|these|that)\b",
        r"(?:broke\s+in|broken\s+into|break[\s-]?in|burgl|stolen|stole\s+my|robbed|mugged|nicked|accident|crash|neighbou?r|noise|missing\s+person|lost\s+(?:my|our|her|his)|fraud|scam|parcel|car\s+was)",
        r"\b(?:not|never|won'?t|wont|didn'?t|haven'?t|no\s+need\s+to|don'?t\s+want\s+to|dont\s+want\s+to)\s+(?:\S+\s+)?(?:call|ring|report|go|involve|get|press)\b",
        # Polish
        r"(?:^|[^\p{L}])czy\s+(?:\S+\s+)?(?:zadzwoni|zgłosi|zglosi|iść|isc)|na\s+(?:niego|nią|nia|nich|sąsiad|sasiad)|sąsiad|sasiad|włamani|wlamani|ukradli|ukradł|wypadek",
        # Portuguese / Spanish
        r"(?:^|[^\p{L}])(?:devo|deveria|debo|debería|deberia)\s+(?:\S+\s+)?(?:chamar|ligar|llamar|denunciar)|¿[^?]{0,40}(?:polic|denunci)|vizinho|vecino|assalt|roubad|roubaram|robo|robaron|acidente|accidente",
        r"(?:^|[^\p{L}])(?:n(?:ã|a)o|no|nunca)\s+(?:vou|voy|te\s+voy|te\s+vou)\s+(?:a\s+)?(?:chamar|ligar|llamar|denunciar)",
        # French
        r"(?:dois|devrais|faut)(?:-je|\s+je|\s+que\s+j)\s+(?:\S+\s+)?(?:appel|porte|pr[ée]ven)|voisin|cambriol|accident|(?:vais|vas)\s+pas\s+(?:appeler|porter)",
        # German
        r"soll\s+ich|sollte\s+ich|nachbar|einbruch|eingebrochen|geklaut|gestohlen|unfall|nicht\s+(?:die\s+polizei|zur\s+polizei|anzeigen)",
        # Roman Urdu
        r"kya\s+(?:\S+\s+)?police|police\s+ko\s+(?:nahi|nahin|nai)|chori|accident",
        # Arabic
        r"(?:هل|لازم|اتصل؟)|(?:ما|مش|لن|مو)\s*(?:رح|راح|ح|ه)?\s*(?:اتصل|ابلغ|أبلغ)|حرامي|سرقة|سرقو|حادث|جيران|الجيران",
    ],
    "identity.new_number": [
        r"\b(?:is\s+this|is\s+that|this\s+(?:ur|your|yr)|is\s+it|what'?s|whats|wat'?s|wats|send\s+me|give\s+me|got|get|have\s+you\s+got|did\s+you\s+get|you\s+got|u\s+got|need)\s+(?:\S+\s+)?(?:your|ur|yr|ya|his|her|their)\s+new\b",
        r"\b(?:not|isn'?t|aint|ain'?t|no\s+longer|never|isnt)\s+(?:\S+\s+)?(?:my|me)\s+new\b",
        r"\bit'?s\s+not\s+me\b|\bnot\s+me\b",
        r"new\s+(?:phone|number|fone|no)\s*[,.!]?\s*(?:who\s+(?:dis|this|is\s+this|dat)|who\s+dis)",
        r"(?:booking|appointment|deliver|order\s+(?:number|no)|invoice|customer|clinic|surgery|dentist|plumber|taxi|\bcab\b|landlord|office\s+number|business|reception|opening\s+hours|\bquote\b|parcel|tracking)",
        r"\b(?:his|her|their|mum'?s|mom'?s|dad'?s|sister'?s|brother'?s|friend'?s|nan'?s)\s+new\s+(?:number|no|num|phone)",
        r"number\s+plate|reg\s+plate|block\s+me\s+out|block\s+(?:the|my|your|ur)\s+(?:drive|driveway|car|way|road)",
        # Polish / Portuguese / Spanish / French / German / Urdu / Arabic: the counterpart's number, negations
        r"(?:tw(?:ó|o)j|twoim|tw(?:ó|o)j\s+nowy|masz\s+nowy|czy\s+to\s+tw)|nie\s+(?:jest\s+)?m(?:ó|o)j",
        r"(?:^|[^\p{L}])(?:teu|tua|seu|sua|tu)\s+(?:novo\s+)?(?:n(?:ú|u)mero|numero)|n(?:ã|a)o\s+(?:é|e)\s+(?:o\s+)?meu|(?:^|[^\p{L}])no\s+es\s+mi|¿[^?]{0,40}(?:n(?:ú|u)mero|numero)",
        r"(?:c'est|cest)\s+ton\s+nouveau|pas\s+mon\s+nouveau|(?:ist\s+das|das\s+ist)\s+deine|nicht\s+meine\s+neue|deine\s+neue",
        r"(?:tumhara|tumhra|tera|aapka|apka)\s+(?:naya|nya|new)|(?:naya|nya)\s+(?:number|no)\s+(?:nahi|nahin|nai)|mera\s+naya\s+number\s+(?:nahi|nahin|nai)",
        r"رقمك الجديد|مش رقمي|ليس رقمي|مو رقمي",
    ],
}


# --------------------------------------------------------------------------------------
# Compilation (devtriage.text.rules)
# --------------------------------------------------------------------------------------

# Macro weights say how selective a macro is as a prefilter anchor (characters of
# literal text).
_MACRO_WEIGHT = {"stop": 4, "police": 5, "order": 6, "number": 2, "you": 1, "me": 2,
                 "ive": 1, "ill": 1, "im": 1, "pls": 3, "efill": 0, "cont": 0, "plfill": 0}

# frequent in everyday chat: poor anchors (on top of rules.BASE_STOPWORDS)
_STOPWORDS = {
    "see", "again", "phone", "text", "texting", "txt", "call", "cal", "calling", "message",
    "messages", "msg", "msgs", "done", "over", "forget", "contact", "number", "num", "dich",
    "mich", "mir", "cię", "cie", "contigo", "ti", "você", "vc", "after", "away", "get",
    "out", "now", "just", "please", "talk", "speak", "hear", "lose", "bin", "nunca",
    "nada", "moi", "toi", "ver", "ouvir", "com você", "de ti", "hear from",
    "speak to", "talk to", "home", "work", "ring", "dm", "email", "write to", "come to",
    "police", "report", "reporting", "tell", "telling", "going", "goin", "off",
    "mensagem", "mensagens", "ligar", "ligue", "liga", "llamar", "llama", "nummer",
}

RULESET = _rules.RuleSet(FAMILIES, RULES, GUARDS, _MACROS, languages=LANGUAGES,
                         macro_weights=_MACRO_WEIGHT, stopwords=_STOPWORDS)

# engine internals, under the names the tests use
_COMPILED = RULESET.compiled
_FAMILY_ANCHORS = RULESET.family_anchors
_CHUNK_CHARS = _rules.CHUNK_CHARS
_ANCHOR_CHUNK_CHARS = _rules.ANCHOR_CHUNK_CHARS
_any = _rules.any_match


def pattern(name: str, lang: str | None = None) -> str:
    """RE2 text of a code's rules (one language, or all joined: slow as one regex)."""
    return RULESET.pattern(name, lang)


def match(bodies, family: str) -> tuple[np.ndarray, np.ndarray]:
    """Per row: whether a body matches the family (or single code) and which code.

    ``bodies`` is an Arrow string array or chunked array (nulls allowed; a null or empty
    body never matches). ``family`` is ``"refusal"``, ``"identity"`` or one code. Returns
    ``(hit, codes)``: a bool array and an object array holding the code string of each hit
    row (the first code of ``FAMILIES[family]`` that matches and is not vetoed) and None
    elsewhere.
    """
    return RULESET.match(bodies, family)


@functools.lru_cache(maxsize=None)
def _py_core(code: str, lang: str) -> re.Pattern | None:
    """A code's rules of one language as Python ``re`` (None: use RE2 through Arrow)."""
    return RULESET.py_core(code, lang)


def _span_of(body: str, code: str) -> tuple[int, int] | None:
    return RULESET.span_of(body, code, py_core=_py_core)


def span(body: str | None, family: str) -> tuple[int, int] | None:
    """The ``(start, end)`` character span of the phrase that made ``body`` match.

    Uses the same rules and guards as :func:`match` (a vetoed body has no span); the
    span is of the code :func:`match` reports, and its earliest occurrence.
    """
    if not body:
        return None
    hit, codes = match(pa.array([body], type=pa.string()), family)
    if not hit[0]:
        return None
    return _span_of(body, codes[0])
