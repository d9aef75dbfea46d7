r"""Threat-language phrase rules over message bodies (the ``text.<family>`` indicators).

Four families, each made of rule codes (most specific first: the first code that matches
and is not vetoed is the code reported for a row):

``threat``
    * ``threat.conditional`` -- harm made conditional on the recipient: "if you leave
      I'll kill you", "if I see you with him again ...", "do it again and you're dead",
      "answer me or else";
    * ``threat.direct`` -- "I'll kill you", "you're dead", "I'm going to stab/hurt/batter
      you", "I will bury you in the back garden", "I'll burn your house down", "I'll
      break your legs", against you, your family/kids/mum, a new partner, pets,
      house/car, or groups ("all of them should be shot");
    * ``threat.normative`` -- a call or wish for violence without a first-person
      speaker of the act: "people like you should be shot", "they all deserve to die",
      "someone should put a bullet in him", "I hope you die". Kept apart from
      ``threat.direct`` (first-person intent, which now includes "I want to / wanna /
      I'd love to / can't wait to" and group targets: "I'll hurt any of them") so an
      examiner sees which kind it is. Guards: counter-speech ("saying X should be shot is
      disgusting", "no one deserves to die"), questions ("do you think ...?") and fears,
      news / court reports / quotation marks, fiction (episode, villain, finale);
    * ``threat.veiled`` -- "you'll regret this", "watch your back", "you won't see it
      coming", "something bad will happen to you", "I know people", "sleep with one eye
      open", "this isn't over", "you'll pay for this".

``surveillance``
    * ``surveillance.location`` -- "I know where you live/work", "I know you moved", "I
      know your new address/number", "I found out where you live";
    * ``surveillance.watching`` -- "I saw you with ...", "I'm outside your house", "I'm
      watching you", "nice dress today", "I followed you home", "I can see you right
      now", "I tracked your phone".

``image_abuse``
    * ``image_abuse.share`` -- threats to share, post, send or leak intimate images or
      videos ("I'll post your nudes", "everyone will see those pics", "send your mum the
      video"), sextortion ("pay me or the pics go online").

``coercion``
    * ``coercion.self_harm`` -- self-harm or suicide used as leverage: "if you leave I'll
      kill myself", "my blood is on your hands", "I'll end it and it's your fault";
    * ``coercion.possessive`` -- "if I can't have you no one can", "you're mine and no
      one else's", "you don't get to leave me", "you belong to me".

Languages (``LANGUAGES``): English thoroughly; the clearest forms in Polish, Portuguese,
Spanish, French, German and Roman Urdu (``ur-Latn``). Spelling tolerance comes from the
rule engine (:mod:`devtriage.text.rules`): no apostrophes ("ill", "youre"), curly
apostrophes, txt-speak ("u", "ur"), missing diacritics, any casing, punctuation or line
breaks between words.

Guard policy (a guard vetoes a code for the whole message; precision first):

* negation -- "I'd never hurt you", "I won't kill you", "I'm not going to post anything",
  "I'd never share your pics", "I don't know where you live": a negator ("never",
  "won't", "wouldn't", "not going to", "not gonna", "could never") up to two words before
  the harm verb vetoes the threat, image and self-harm codes. "Don't" is deliberately
  *not* a negator ("don't make me hurt you" is a threat);
* reported speech / quoting -- "he said he'd kill me", "she told me he'd post the pics",
  "my ex threatened to ...", "he keeps saying he'll ...": a third party as the speaker of
  a reporting verb vetoes every code. The message is evidence of a threat, but not a
  threat by its sender;
* jokes -- a laughter token or laughing emoji ("lol", "haha", "lmao", "xD", "jk", "kkkk",
  "jaja", "mdr", 😂 🤣 💀 😜 ...) vetoes ``threat.*``, ``surveillance.*`` and
  ``coercion.self_harm``, *unless* the message also carries an escalator: "not joking",
  "I'm serious", "I mean it", "swear down", a weapon, "when I find you", "I know where you
  live", "watch your back" (so "I'll kill you lol" after a spoiler is banter, but "you're
  dead when I find you 😂" is not). Laughter does not veto ``image_abuse.share``
  (sextortion is often taunting: "I'll post your nudes lol" stays a hit). For
  ``coercion.possessive`` kissing/heart emoji and laughter veto too ("you're mine 😘" is
  affection) unless "no one else", "or else", "won't let you" or a harm verb is present;
* gaming and sport (every language: runde, rundzie, ronda, manche, partida, partie, mecz,
  spiel, jogo, juego ...) -- "next round", "in fifa/cod/fortnite/warzone", "gg", "respawn",
  "1v1", "lobby", "headshot", "ranked", "on the pitch", "at pool/darts/chess" veto
  ``threat.*`` and ``surveillance.watching``;
* everyday idioms -- "dead to me", "dead right/funny/tired", "kill for a coffee",
  "killing me", spoilers ("I'll kill you if you spoil it", "watch it without me"),
  "you'll regret not coming / it in the morning", "I know people who've done that",
  friendly errands after "I know where you live" ("I'll drop your keys off"), social
  media follows ("I followed you on insta"), worry ("I feel like something bad will
  happen"), and per language "mort de rire", "me muero de risa", "morto de cansaço",
  "tot müde", "martwy ze zmęczenia", "hasi se mar gaya"; laughing "I'm dead", "im
  deadddd" and 😭 veto ``threat.*`` like other laughter, and "your dead phone" is
  possessive, not a threat. These veto the code they imitate. Idioms that no rule matches in the first place
  ("my feet are killing me", "I'm dead 💀", "kill time") need no guard.

Known gaps: a guard vetoes the whole message, so "I'd never hurt you. But if you leave
I'll kill you" is missed; bare "I'm outside" (a pickup text in most chats) is not a
rule, only "I'm outside your house/work/..."; threats without a first-person speaker or
a harm verb ("you know what happens now") are left to the model; other languages cover
the clearest forms only.
"""

from __future__ import annotations

import numpy as np

from . import rules as _rules
from .rules import END as _END

__all__ = ["FAMILIES", "LANGUAGES", "CODES", "RULESET", "match", "match_all", "guarded", "span",
           "spans", "pattern"]

LANGUAGES: tuple[str, ...] = ("en", "pl", "pt", "es", "fr", "de", "ur-Latn")

FAMILIES: dict[str, tuple[str, ...]] = {
    "threat": ("threat.conditional", "threat.direct", "threat.normative", "threat.veiled"),
    "surveillance": ("surveillance.location", "surveillance.watching"),
    "image_abuse": ("image_abuse.share",),
    "coercion": ("coercion.self_harm", "coercion.possessive"),
}
CODES: tuple[str, ...] = tuple(c for codes in FAMILIES.values() for c in codes)

_A = "['’`´]?"  # an apostrophe inside a macro (macros are RE2 already)
_MACROS = {
    "you": r"(?:you+|yo+u*|u+|ya|yu)",
    "youre": rf"(?:you{_A}re|you are|your|ur|u r|youre|yr|ya{_A}re)",
    "youll": rf"(?:you{_A}ll|you will|youll|u{_A}ll|ull|u will|you{_A}re (?:going to|gonna)|ur gonna|you are (?:going to|gonna)|u r gonna)",
    # first person future / intent
    "ill": (rf"(?:i{_A}ll|i will|ill|i{_A}m (?:going to|gonna|gunna|goin to|about to|coming to)|"
            rf"im (?:going to|gonna|gunna|goin to)|i am (?:going to|gonna)|i{_A}ma|imma|ima|"
            rf"i{_A}d|i would|i shall|i swear (?:to god )?i{_A}ll)"),
    # fillers between the subject and the verb: "I'll fucking kill you", "I'll come round and stab you"
    "adv": (r"(?:(?:fucking|fuckin|fkn|fking|literally|actually|seriously|honestly|really|"
            r"definitely|personally|proper|just|swear|go|come and|come round and|come over and|"
            r"find (?:you|u) and|hunt (?:you|u) down and|track (?:you|u) down and|make sure i) ){0,3}"),
    # harm verbs with a person as object
    "hv": (r"(?:kill|k1ll|murder|stab|shank|shoot|strangle|choke|batter|beat|bash|smash|punch|"
           r"kick the shit out of|knock (?:the shit|seven bells) out of|hurt|harm|slap|burn|bury|"
           r"end|destroy|slit|slice|glass|bottle|acid|gut|knife|drown|hang|rape|fuck up|mess up|"
           r"beat up|do in|finish|break|wreck|cripple|torture|eliminate|petrol bomb|run over|"
           r"ruin|hunt down|come for|come after)"),
    # who or what is threatened
    "tgt": (r"(?:you+|u|ya|yu|you all|all of you|both of you|the (?:both|lot) of (?:you|ya|them)|"
            r"him|her|them|{grp}|"
            r"(?:your|ur|yer|yr) (?:whole |little |precious |stupid |fucking |new )?"
            r"(?:family|kids?|children|child|son|daughter|baby|mum|mom|mam|mother|dad|father|"
            r"brother|sister|nan|gran|boyfriend|bf|girlfriend|gf|partner|fella|bloke|man|"
            r"husband|wife|fancy man|lover|mates?|friends?|dog|cat|pets?|horse|house|home|"
            r"flat|car|place|life))"),
    # groups of people: "all of them", "every one of them", "people like you", "all gay people"
    "grp": (r"(?:(?:all|any|each|some|every (?:last |single )?one|every ?1|each (?:and every )?one|"
            r"the rest|most|both) of (?:them|you|ya|those|these|em|'em)(?: (?:people|lot|bastards|pricks|cunts))?|"
            r"them all|(?:those|these) (?:people|bastards|cunts|pricks|scum|animals|lot)|"
            r"(?:people|men|women|scum|guys|girls) like (?:you|u|them|him|her|that|those)|"
            r"(?:your|their|his|her) (?:kind|lot|sort)|"
            r"(?:all|every|any) (?:(?:\p{L}+|the|those|these) )?(?:people|men|women|folk|guys|lads|girls|bastards))"),
    # first-person intent without a future tense: "I want to", "I'd love to", "I can't wait to"
    "want": (rf"(?:i (?:really |just |so |honestly |seriously )?(?:want|wanna|wana|wanted)(?: to)?|"
             rf"i{_A}(?:d|m) (?:really |so )?(?:love|like) to|i would (?:really |so )?(?:love|like) to|"
             rf"i can{_A}?(?:t|not) wait to|i cannot wait to|(?:i{_A}m|im|i am) (?:dying|itching|tempted|aching) to)"),
    "body": (r"(?:(?:your|ur|yer|yr|his|her) (?:legs?|neck|throat|face|head|teeth|arms?|knees?|"
             r"skull|jaw|nose|fingers|kneecaps|ribs|back|spine))"),
    "prop": r"(?:(?:your|ur|yer|yr|his|her|their|the) (?:house|car|flat|home|place|windows|shop|van|door|garden))",
    "laugh": (r"(?:lo+l+|lo+lz|lmf?a+o+|ro+fl|ha(?:ha)+h*|ah(?:ah)+|he(?:he)+|xd+|jk|jks|jking|"
              r"only joking|just kidding|jus kidding|banter|kk{3,}|ja(?:ja)+|je(?:je)+|mdr+|ptdr+|"
              r"(?:rs){2,})"),
    "img": (r"(?:(?:(?:your|ur|yer|those|these|the|them|all your|all ur|all|all the|my) )?(?:nudes|noodz|nudez|nude pics|nude photos|naked pics|naked photos|naked pictures|"
            r"intimate (?:pics|photos|images|videos|pictures)|private (?:pics|photos|videos|pictures)|"
            r"explicit (?:pics|photos|videos)|dirty (?:pics|photos|videos|vids)|sexy (?:pics|photos|vids|videos)|"
            r"topless (?:pics|photos)|sex tape|sextape|sex video|sex vid|tits pics)|"
            r"(?:pics|photos|pictures|videos|vids|video) of (?:you|u) (?:naked|nude|topless|in bed|having sex|undressed)|"
            r"(?:those|them|these|the|your|ur|yer|all your|all ur) (?:pics|photos|pictures|videos|vids|video|snaps|tapes?)"
            r"(?: of (?:you|u|us))?)"),
}

_MACROS["tgt"] = _MACROS["tgt"].replace("{grp}", _MACROS["grp"])

# verbs of sharing an image
_SHARE = (r"(?:post|share|send|leak|upload|show|put|release|spread|forward|sell|publish|"
          r"expose|screenshot|whatsapp|airdrop|email|print)")
# where a shared image goes (makes the threat explicit)
_DEST = (r"(?:online|everywhere|on (?:the )?(?:internet|insta|instagram|facebook|fb|twitter|x|tiktok|"
         r"snap|snapchat|pornhub|onlyfans|reddit|whatsapp|the group|the gc|the group chat)|"
         r"to (?:everyone|every ?1|all your|all ur|your|ur|yer|the whole|everybody)|"
         r"(?:your|ur) (?:mum|mom|dad|family|boss|work|husband|wife|boyfriend|bf|kids|friends|mates|"
         r"church|mosque|school|colleagues|parents))")
_SELF = (r"(?:kill myself|kill my ?self|end it all|end it|end my life|top myself|hurt myself|"
         r"harm myself|cut myself|slit my wrists|overdose|take (?:all )?(?:my )?pills|jump off|"
         r"jump in front|hang myself|do something stupid|not be here|be gone|disappear forever)")
_GAP = r"[^.!?\n]{1,60}"  # a bounded stretch within one sentence

# a prefilter anchor for "<harm verb> <target>" rules: the verb and the start of the target
_HV_TGT = r"{hv} (?:yo|u|ya|yu|all|both|the|him|her|them|ur|yer|yr|any|each|some|every|most|those|these|people|men|women|scum|guys|girls|their|his)"

RULES: dict[str, dict[str, list]] = {
    "threat.direct": {
        "en": [
            (r"{ill} {adv}{hv} {tgt}", _HV_TGT),
            (r"{want} {adv}{hv} {tgt}", _HV_TGT),
            r"{ill} {adv}(?:break|snap|slit|cut|smash|kick|punch|bash|cave|rip off|stamp on|smash in) {body}(?: in)?",
            (r"{ill} {adv}(?:burn|torch|smash|petrol bomb|set fire to|firebomb|burn down|smash up) {prop}(?: down| in| up)?",
             r"(?:burn|torch|smash|petrol bomb|set fire to|firebomb|burn down|smash up) {prop}"),
            r"{ill} {adv}(?:put|send|leave) (?:you|u|ya|him|her) (?:in (?:the|a) (?:ground|hospital|box|grave|coffin|wheelchair|body bag)|six feet under|to the morgue|in a ditch)",
            r"{ill} {adv}bury (?:you|u|ya|him|her)(?: alive| in the (?:back )?garden| under)?",
            r"{ill} {adv}(?:make|have) (?:you|u|ya) (?:suffer|bleed|disappear|pay with your life)",
            (r"{youre} (?:so |fucking |a |fkn |)*(?:dead|dead meat|a dead man|a dead woman|finished|a goner|history)",
             r"{youre} (?:so |fucking |a |fkn |)*(?:dead|dead meat|a dead man|a dead woman|finished|a goner|history)"),
            (r"(?:you|u) (?:won't|will not|wont) (?:live|survive|make it) (?:to see|past|through|another|much longer|long)",
             r"(?:won't|will not|wont) (?:live|survive|make it)"),
            r"(?:your|ur) days are numbered",
            (r"i (?:want|wish) (?:you|u|ya|him|her) (?:dead|to die)",
             r"(?:want|wish) (?:you|u|ya|him|her) (?:dead|to die)"),
            r"i(?:'ve| have|ve)? (?:got|bought|brought|sharpened) (?:a |the |my )?(?:knife|blade|gun|machete|bat|hammer|axe|acid)(?: for (?:you|u|him|her))",
        ],
        "pl": [
            r"(?:zabiję|zajebię|zatłukę|pobiję|potnę|uduszę|dojadę|zakopię|spalę|załatwię|zamorduję) (?:cię|ciebie|ciebe|go|ją|was|twoją rodzinę|twoje dzieci)",
            r"(?:jesteś|jestes) (?:już )?(?:trupem|martwy|martwa|skończony|skończona)",
            r"(?:już )?nie żyjesz",
            r"(?:połamię|połamie|rozwalę) ci (?:nogi|ręce|kości|łeb|twarz|mordę|gębę|auto|samochód)",
            r"(?:podpalę|spalę) ci (?:dom|mieszkanie|auto|samochód|chatę)",
            r"(?:chcę|chce|mam ochotę) (?:cię|cie|go|ją|ich|was) (?:wszystkich )?(?:zabić|zajebać|pozabijać|zatłuc|udusić)",
            r"(?:zabiję|zajebię|pozabijam|wystrzelam) (?:ich|was) (?:wszystkich|wszystkie)|(?:zabiję|zajebię) (?:każdego|każdą) z (?:nich|was)",
        ],
        "pt": [
            r"(?:vou-te|vou te|eu vou te|eu te|te) (?:matar|mato|esfaquear|partir todo|enterrar|queimar)",
            r"(?:vou )?matar-te",
            r"(?:estás|tás|tas|você está|vc tá|vc ta|você tá|tu tás|tu estás) (?:mort[oa]|feit[oa])",
            r"(?:és|você é|vc é) (?:um homem|uma mulher) mort[oa]",
            r"(?:vou-te|vou te) (?:partir|rebentar|quebrar) (?:a cara|os dentes|as pernas|todo)",
            r"(?:vou|eu vou) (?:queimar|incendiar|pegar fogo (?:a|na)) (?:a )?(?:tua|sua) (?:casa|carro)",
            r"(?:eu )?(?:quero|queria|vou) (?:te )?matar(?:-te)? (?:todos|todas|(?:a )?todos eles|(?:a )?cada um deles)|(?:eu )?(?:quero|queria) (?:te matar|matar-te|matá-l[oa]s?|mata-l[oa]s?)",
        ],
        "es": [
            r"te (?:voy a|vamos a) (?:matar|apuñalar|enterrar|reventar|partir la cara|pegar un tiro|quemar)",
            r"(?:voy a|vamos a) (?:matarte|apuñalarte|enterrarte|reventarte|partirte la cara)",
            r"(?:yo )?te mato",
            r"(?:estás|estas|tú estás) muert[oa]",
            r"(?:eres|es) (?:hombre|una mujer|un hombre) muert[oa]",
            r"(?:voy a|te voy a) quemar (?:tu|la) (?:casa|coche|carro)",
            r"(?:quiero|voy a) (?:matarte|matarlos|matarlas|matarlo|matarla)(?: a todos| a todas)?|(?:los|las) voy a matar a (?:todos|todas)|(?:quiero|voy a) matar a (?:todos|cada uno de ellos)",
        ],
        "fr": [
            r"je (?:vais|v|vé) te (?:tuer|buter|crever|défoncer|planter|massacrer|égorger|enterrer|fumer|niquer)",
            r"(?:je te|j'te|jte) (?:tue|bute|crève|défonce|plante|massacre|égorge)",
            (r"(?:t'es|tu es|t es|t'est) (?:un homme |une femme )?mort(?:e)?", r"mort"),
            r"je (?:vais|v) (?:brûler|bruler|cramer) ta (?:maison|voiture|caisse)",
            r"(?:je veux|j'ai envie de|je vais) (?:te|les|le|la) (?:tuer|buter|crever|massacrer)(?: tous| toutes)?|je vais tous les (?:tuer|buter)",
        ],
        "de": [
            (r"ich (?:bring|bringe) dich um", r"dich um"),
            r"ich (?:werde|werd) dich (?:umbringen|töten|abstechen|fertigmachen|kaltmachen|abknallen|erschießen)",
            (r"ich (?:mach|mache) dich (?:fertig|kalt|platt)", r"dich (?:fertig|kalt|platt)"),
            r"ich (?:stech|steche) dich ab|ich (?:schlag|schlage) dich tot|ich (?:knall|knalle) dich ab",
            r"du bist (?:so )?(?:tot|ein toter mann|eine tote frau|erledigt|geliefert)",
            r"ich (?:zünde|zünd|fackel|fackle) dein (?:haus|auto) an",
            r"ich (?:will|möchte|würde (?:dich|ihn|sie|euch) gern|würde (?:dich|ihn|sie|euch) gerne) (?:dich |ihn |sie |euch )?(?:alle )?(?:umbringen|töten|abstechen|erschießen|abknallen)",
            (r"ich (?:bring|bringe) (?:euch|sie|die) (?:alle )?um",
             r"(?:bring|bringe) (?:euch|sie|die)"),
        ],
        "ur-Latn": [
            r"(?:main|mai|me) (?:tumhe|tumhein|tujhe|tujhay|tmhe|tumko|tujhko|aapko|apko) (?:jaan se )?(?:maar|mar|maar daal|mar daal|khatam kar) (?:dunga|doonga|dungi|doongi|dalunga|dalungi|dalun ga)",
            r"(?:tumhe|tujhe|tujhay|tmhe|tumko) (?:jaan se )?(?:maar|mar|maar daal|khatam kar) (?:dunga|doonga|dungi|doongi|dalunga|dalungi)",
            r"(?:teri|tumhari|tmhari) jaan (?:le|lay) (?:lunga|loonga|lungi|loongi)",
            r"(?:tujhe|tumhe) zinda (?:nahi|nahin|nai) (?:chhorunga|chorunga|chhorungi|chorungi|chhodunga|chodunga)",
            (r"(?:tum|tu) (?:to )?(?:gaye|gaya|gayi) (?:kaam se|ab)", r"(?:gaye|gaya|gayi) (?:kaam|ab)"),
            r"(?:main|mai) (?:in|un|inn|unn) (?:sab|sabko|sab ko|sbko) (?:ko )?(?:maar|mar|khatam kar) (?:dunga|doonga|dungi|doongi|dalunga|daalunga)",
            r"(?:mera )?dil (?:karta|chahta) (?:hai|he|h) (?:tumhe|tujhe|isko|usko|inko|unko|in sab ko|un sab ko) (?:maar|mar) (?:doon|dun|du|daalun)",
        ],
    },
    "threat.normative": {
        "en": [
            # "people like you should be shot", "they all deserve to die"
            (r"(?:{grp}|they all|they|you|u|you lot|you people|the lot of you|he|she|him|her|someone like (?:you|him|her)) (?:all )?(?:should|shud|need to|needs to|deserve to|deserves to|ought to|oughta|must|have to|has to) (?:all )?(?:be |get )?(?:shot|shot dead|hanged|hung|killed|gassed|executed|burned|burnt|burned alive|burnt alive|stabbed|beaten to death|stoned|put down|wiped out|exterminated|lined up and shot|strung up|put against a wall|die|rot in hell|a bullet|burn)",
             r"(?:should|shud|need to|needs to|deserve to|deserves to|ought to|oughta|must|have to|has to) (?:all )?(?:be |get )?(?:shot|shot dead|hanged|hung|killed|gassed|executed|burned|burnt|burned alive|burnt alive|stabbed|beaten to death|stoned|put down|wiped out|exterminated|lined up and shot|strung up|put against a wall|die|rot in hell|a bullet|burn)(?:$|[^a-z0-9])"),
            r"(?:{grp}|they all|they|you|u|you lot|you people|he|she) (?:all )?(?:deserve|deserves) (?:a bullet|to be shot|death|a slow death|a painful death)",
            # "someone should put a bullet in him"
            (r"(?:someone|somebody|some1|one of (?:us|you)|(?:we|you) (?:all )?(?:should|need to|ought to)|(?:we|they) need to) (?:should |needs to |ought to |has to |oughta |must |is going to |is gonna |gonna )?(?:shoot|kill|stab|hang|burn|gas|put a bullet in|put one in|take out|do in|put down|deal with|end|run over|string up|get rid of) (?:him|her|them|you|u|that (?:guy|man|woman|bitch|prick|cunt|bastard)|{grp})",
             r"(?:shoot|kill|stab|hang|burn|gas|put a bullet in|put one in|take out|do in|put down|deal with|end|run over|string up|get rid of) (?:him|her|them|you|u|that|all|any|each|some|every|the|most|both|those|these|people|men|women|scum|guys|girls|your|their|his)"),
            (r"i hope (?:you|u|ya|he|she|they|{grp}) (?:all )?(?:die|dies|get (?:shot|killed|stabbed|raped)|gets (?:shot|killed|stabbed|raped)|burn|burns|rot|rots|drop dead|drops dead|choke|chokes)",
             r"(?:die|dies|get (?:shot|killed|stabbed|raped)|gets (?:shot|killed|stabbed|raped)|burn|burns|rot|rots|drop dead|drops dead|choke|chokes)(?:$|[^a-z0-9])"),
            r"death to (?:them|him|her|you|all of (?:them|you)|{grp})",
            (r"(?:the world|everyone) (?:would be|will be|is) better off (?:without|with(?:out)? (?:you|u|them|him|her)) dead|(?:the world|we|everyone) (?:would be|'d be|will be) better off with (?:you|u|them|him|her|{grp}) dead",
             r"better off"),
        ],
        "pl": [
            r"(?:oni|wszyscy|oni wszyscy|tacy jak (?:ty|on|ona|oni)|ludzie tacy jak (?:ty|on|ona|oni)|ty|on|ona) (?:wszyscy )?(?:powinni|powinniście|powinien|powinieneś|powinna|zasługują|zasługujesz|zasługuje) (?:na śmierć|na kulkę|zginąć|umrzeć|zdechnąć|wisieć|zostać rozstrzelan[iy]|być rozstrzelan[iy]|być zabic[iy]|spłonąć)",
            r"(?:trzeba|należy|powinno się|ktoś powinien) (?:ich|go|ją|was|cię|ciebie) (?:wszystkich )?(?:zabić|rozstrzelać|powiesić|spalić|wystrzelać|zastrzelić)",
            r"niech (?:oni |wszyscy )?(?:zdechną|zginą|umrą|zdechnie|zginie|sczeźnie)",
        ],
        "pt": [
            r"(?:todos eles|eles todos|eles|elas|gente como (?:tu|você|vc|ele|ela|eles)|pessoas como (?:tu|você|vc|ele|ela|eles)|vocês|tu|você|vc|ele|ela) (?:todos )?(?:deviam|deveriam|devia|deveria|merecem|mereces|merece|tinham de|tinham que) (?:todos )?(?:morrer|ser mort[oa]s?|ser fuzilad[oa]s?|ser queimad[oa]s?|ser enforcad[oa]s?|ser abatid[oa]s?|levar um tiro|um tiro|apodrecer)",
            r"alguém (?:devia|deveria|tem de|tem que|tinha de|precisa) (?:(?:matar|dar um tiro n|acabar com|enforcar|queimar)(?: (?:ele|ela|eles|elas|esse|essa|esses|essas)|el[ea]s?)|(?:matá|mata|enforcá|queimá)-l[oa]s?)",
            r"(?:morte a|morram) (?:eles|todos|vocês|todos eles)",
        ],
        "es": [
            r"(?:todos ellos|ellos|ellas|gente como (?:tú|tu|él|el|ella|ellos)|los de tu clase|todos|ustedes|vosotros|tú|tu|él|ella) (?:todos )?(?:deberían|deberian|debería|deberia|merecen|mereces|merece|tendrían que) (?:todos )?(?:morir|ser fusilad[oa]s?|ser ahorcad[oa]s?|ser quemad[oa]s?|ser asesinad[oa]s?|recibir un tiro|un tiro|pudrirse)",
            r"alguien (?:debería|deberia|tendría que|tiene que|debe) (?:matarlo|matarla|matarlos|matarlas|pegarle un tiro|darle un tiro|pegarles un tiro|colgarlo|colgarlos)",
            r"(?:muerte a|que se mueran) (?:todos|ellos|ellas|todos ellos)",
            r"(?:todos )?(?:merecen|mereces|merece) (?:morir|un tiro|la muerte|que (?:les|lo|la|te) maten)",
        ],
        "fr": [
            r"(?:ils|elles|tous|les gens comme (?:toi|lui|elle|eux)|des gens comme (?:toi|lui|elle|eux)|vous|tu|il|elle) (?:tous |toutes )?(?:devraient|devrait|méritent|mériteraient|mérite|mérites|doivent|devriez|devrais) (?:tous |toutes )?(?:mourir|crever|être tués?|être fusillés?|être pendus?|être brûlés?|être abattus?|une balle|de mourir|de crever)",
            r"quelqu'un (?:devrait|doit) (?:le|la|les) (?:tuer|buter|abattre|flinguer|pendre)|quelqu'un devrait (?:lui|leur) (?:tirer dessus|mettre une balle)",
            r"(?:mort aux|à mort les|qu'ils crèvent|qu'ils meurent|qu'ils crevent)(?: tous)?",
        ],
        "de": [
            r"(?:die|sie|die alle|sie alle|alle|leute wie (?:du|dich|ihr|er|sie|die)|menschen wie (?:du|dich|ihr|er|sie|die)|ihr|du|er) (?:sollten|sollte|solltet|solltest|gehören|gehört|verdienen|verdient|verdienst|müssten|müsste) (?:alle )?(?:erschossen|aufgehängt|vergast|umgebracht|getötet|verbrannt|sterben|den tod|an die wand gestellt|abgeknallt)",
            r"jemand (?:sollte|müsste|muss) (?:ihn|sie|euch|dich|die) (?:alle )?(?:erschießen|umbringen|abknallen|aufhängen|abstechen|kaltmachen)",
            r"(?:tod den|tod allen) \p{L}+|(?:sollen|mögen) (?:sie|die) (?:alle )?(?:verrecken|sterben|krepieren)",
        ],
        "ur-Latn": [
            r"(?:in sab ko|un sab ko|in sabko|un sabko|sab ko|inko|unko|tum jaise logon ko|tum jaison ko|aise logon ko|aese logon ko|isko|usko|tumhe|tujhe) (?:to )?(?:maar dena|mar dena|maar dalna|goli maar deni|goli mar deni|phansi de deni|phansi deni|jala dena|zinda jala dena|khatam kar dena) (?:chahiye|chahye|chaiye|chahiyeh)",
            r"(?:ye|yeh|wo|woh|ye log|yeh log|woh log|wo log|tum log|tum|tu|sab) (?:sab )?(?:marne|maut|mout) (?:ke|ki|k) (?:laiq|layak|laaiq|qabil|haqdar|haqdaar) (?:hain|hai|ho|he|h)",
            r"(?:koi|kisi ko) (?:isko|usko|inko|unko|ise|use|unhe|inhe) (?:goli )?(?:maar|mar) (?:de|dena|daale|dale|do)",
        ],
    },
    "threat.conditional": {
        "en": [
            rf"if (?:you|u|ya|she|he|they|your|ur){_GAP} (?:then )?(?:{{ill}} {{adv}}(?:{{hv}} {{tgt}}|break {{body}}|burn {{prop}}|bury (?:you|u|him|her|them))|{{youre}} (?:so |fucking )?(?:dead|dead meat|finished)|{{youll}} (?:regret it|regret this|be sorry|pay|wish you were dead|get hurt|be dead|end up (?:dead|in hospital|in a box)))",
            (r"if (?:i|I) (?:ever )?(?:see|catch|find|hear of|hear about) (?:you|u|ya) (?:with|near|talking to|out with|texting|messaging|round|around|anywhere near|again|kissing|in|at)",
             r"if (?:i|I) (?:ever )?(?:see|catch|find|hear)"),
            (r"if (?:i|I) (?:ever )?(?:see|catch|find) (?:him|her|them|that (?:guy|bloke|girl|lad|prick|bitch|slag)) (?:with|near|round|around|at|again)",
             r"if (?:i|I) (?:ever )?(?:see|catch|find)"),
            rf"(?:do|try|say|pull) (?:that|it|this) (?:again|one more time)(?:{_GAP})? and (?:{{ill}} {{adv}}(?:{{hv}} {{tgt}}|(?:break|smash|kick|punch|bash|cave) {{body}})|{{youre}} (?:dead|finished)|{{youll}} (?:regret|be sorry|see))",
            rf"one more (?:time|word|text|message|msg|lie|call|chance)(?:{_GAP})? and (?:{{ill}} {{adv}}(?:{{hv}} {{tgt}}|(?:break|smash|kick|punch|bash|cave) {{body}})|{{youre}} (?:dead|finished)|{{youll}} (?:regret|be sorry|see what happens))",
            rf"or else{_END}",
            r"or else (?:{ill}|{youll}|{youre}|you know what|see what happens|there will be|there'll be|watch what happens)",
            (rf"(?:you|u) (?:better|had better|'d better|d better|best) {_GAP} or (?:else|{{ill}}|{{youre}}|{{youll}})",
             r"or (?:else|{ill}|{youre}|{youll})"),
            r"(?:{ill} {adv}{hv} {tgt}|{youre} (?:dead|finished)) if (?:you|u|ya) (?:ever|even|don't|dont|do not|go|leave|tell|call|see|talk|speak|touch|come|text|block|try|say)",
        ],
        "pl": [
            rf"(?:jeśli|jeżeli|jak|jesli|jezeli|jakbyś|jakbys|jeśli kiedykolwiek){_GAP} (?:to )?(?:cię |cie )?(?:zabiję|zajebię|zatłukę|pobiję|potnę|pożałujesz|nie żyjesz|jesteś trupem)",
            r"(?:bo|albo) (?:inaczej )?(?:pożałujesz|cię zabiję|nie żyjesz|będzie źle)",
        ],
        "pt": [
            rf"se (?:tu |você |vc )?{_GAP} (?:eu )?(?:te mato|vou-te matar|vou te matar|mato-te|vais-te arrepender|vais te arrepender|vai se arrepender|estás morto|tás morto|estás morta)",
            r"(?:senão|se não|ou então) (?:te mato|vais ver|vais-te arrepender|vai se arrepender|estás morto)",
        ],
        "es": [
            rf"si (?:tú |tu |me )?{_GAP} (?:te mato|te voy a matar|te vas a arrepentir|estás muert[oa]|te arrepentirás)",
            r"(?:o si no|si no) (?:te mato|te vas a enterar|vas a ver|te arrepentirás|te vas a arrepentir)",
        ],
        "fr": [
            rf"si (?:tu|t'|jamais tu){_GAP} (?:je te tue|je vais te tuer|je te bute|je vais te buter|t'es mort|tu es mort|tu vas le regretter|tu le regretteras)",
            r"sinon (?:je te tue|je vais te tuer|t'es mort|tu vas le regretter|tu vas voir)",
        ],
        "de": [
            rf"wenn du{_GAP} (?:dann )?(?:bring ich dich um|bringe ich dich um|bist du tot|mach ich dich fertig|wirst du es bereuen|wirst du das bereuen)",
            r"sonst (?:bring ich dich um|bist du tot|mach ich dich fertig|wirst du es bereuen|passiert was)",
        ],
        "ur-Latn": [
            rf"(?:agar|agr) (?:tum|tu|tumne|tum ne|aap|ap){_GAP} (?:to|tou|toh) (?:main |mai )?(?:tumhe |tujhe |tmhe )?(?:maar|mar|jaan se maar) (?:dunga|doonga|dungi|doongi)",
            rf"(?:agar|agr) (?:tum|tu|tumne|tum ne|aap|ap){_GAP} (?:to|tou|toh) (?:bohat |bahut )?(?:pachtaoge|pachtaogi|pachtao ge|pachtao gi)",
        ],
    },
    "threat.veiled": {
        "en": [
            r"{youll} (?:(?:really|fucking|so|live to|seriously|definitely) )*(?:regret (?:this|it|that|the day|ever|what you|doing|leaving|messing|crossing|saying|everything)|be sorry|pay for (?:this|that|what|it|everything)|get what(?:'s| is|s) coming|wish (?:you|u) (?:were never born|never met me|hadn't|had never)|never see it coming|not see it coming)",
            r"(?:you|u) (?:won't|will not|wont|will never|won't ever) (?:see it|see me|see us) coming",
            (r"(?:you|u) (?:won't|will not|wont) know what hit (?:you|u)",
             r"know what hit"),
            (r"watch (?:your|ur|yer) (?:back|step|kids|family)",
             r"watch (?:your|ur|yer) (?:back|step|kids|family)"),
            (r"(?:you|u) (?:better|had better|'d better|d better|best) watch (?:your|ur|yer) ?self",
             r"watch (?:your|ur|yer) ?self"),
            r"look(?:ing)? over (?:your|ur) shoulder",
            (r"sleep with one eye open", r"sleep with"),
            r"something (?:bad|terrible|awful|nasty) (?:will|is going to|is gonna|gonna|might|could) happen(?: to (?:you|u|your|ur))?",
            r"(?:it would be|it'd be|be) a shame if something (?:happened|were to happen|was to happen) to",
            r"accidents (?:happen|can happen)",
            r"i know (?:people|some people|a few people|the right people|people who|people that)(?: who| that)?(?: (?:can|could|will|would|'d|owe me|do things|sort|deal|hurt|find|make|take care))?",
            rf"i know (?:people|some people){_END}",
            r"i (?:have|got|'ve got|ve got) people (?:who|that|watching|on (?:you|it))",
            r"(?:this|it) (?:isn't|is not|isnt|ain't|aint|is far from) over",
            r"(?:you|u) (?:have|got|'ve got) no idea (?:what|who) (?:i|I)(?:'m| am|m) capable of|(?:you|u) (?:don't|dont) know what (?:i|I)(?:'m| am|m) capable of",
            r"{ill} (?:make|have) (?:you|u|ya) pay",
            (r"{ill} (?:get|find|come for|come after|hunt) (?:you|u|ya)(?: back| down)? (?:one day|eventually|sooner or later|when you least expect it|wherever you (?:go|are|hide))",
             r"(?:one day|eventually|sooner or later|when you least expect it|wherever you (?:go|are|hide))"),
            (r"(?:you've|you have|youve|u have|uve) been warned|(?:this is|consider this) (?:your|ur) (?:last|final|only) warning|don't say (?:i|I) didn't warn (?:you|u)",
             r"been warned",
             r"(?:last|final|only) warning",
             r"didn't warn"),
            r"(?:wait|just wait) (?:till|until|til) (?:i|I) get my hands on (?:you|u|ya)",
            (r"(?:your|ur) time (?:will come|is coming|is up)", r"time (?:will|is)"),
            (r"{ill} (?:ruin|destroy|end) (?:your|ur) (?:life|career|marriage|relationship)",
             r"(?:ruin|destroy|end) (?:your|ur) (?:life|career|marriage|relationship)"),
        ],
        "pl": [
            r"(?:pożałujesz|pozalujesz)(?: tego)?",
            r"(?:jeszcze )?mnie popamiętasz",
            r"(?:oglądaj|ogladaj|uważaj|uwazaj) się za siebie|(?:oglądaj|ogladaj) się przez ramię",
            r"to (?:jeszcze )?nie (?:jest )?koniec",
            r"znam (?:ludzi|odpowiednich ludzi)(?: którzy| ktorzy)?",
            r"nie zobaczysz tego nadchodzącego|nie będziesz wiedział co cię trafiło",
        ],
        "pt": [
            r"(?:vais-te|vais te|você vai se|vc vai se|vai se|tu vais te) arrepender",
            r"(?:(?:tem|tenha|tens) )?cuidado com (?:as )?(?:tuas |suas )?costas|(?:olha|cuida) (?:bem )?(?:as )?(?:tuas |suas )?costas",
            r"(?:não|nao) vais ver (?:isso |isto )?(?:a )?(?:chegar|vir)|(?:não|nao) vai ver (?:isso )?chegando",
            r"(?:isto|isso) (?:ainda )?(?:não|nao) (?:acabou|terminou)",
            r"(?:eu )?conheço pessoas|conheço gente (?:que|perigosa)",
            r"vais pagar (?:por isto|por isso|caro)|vai pagar (?:por isso|caro)",
        ],
        "es": [
            r"te (?:vas a arrepentir|arrepentirás|arrepentiras)",
            r"(?:cuídate|cuidate|cuida|vigila) (?:la|tu|las) espalda",
            r"no lo (?:verás|veras|vas a ver) venir",
            r"(?:duerme|dormirás) con un ojo abierto",
            r"esto no (?:ha )?(?:terminado|acabado|se acaba aquí|se queda así)",
            r"(?:conozco|tengo) (?:a )?gente (?:que|peligrosa)",
            r"me las vas a pagar|vas a pagar por esto",
        ],
        "fr": [
            r"tu (?:vas le regretter|le regretteras|vas regretter|vas le payer|vas me le payer|me le paieras)",
            r"(?:surveille|fais gaffe à|fais attention à) (?:tes|tes propres) arrières",
            r"tu (?:ne )?(?:le )?verras pas venir",
            r"dors (?:avec un|d'un) (?:œil|oeil) ouvert",
            r"(?:c'est|ce n'est|c'est pas|ce n'est pas) (?:pas )?fini(?: entre nous)?[.!]*$",
            r"je connais des gens(?: qui)?",
        ],
        "de": [
            r"(?:das|des) wirst du (?:noch )?bereuen|du wirst (?:es|das) (?:noch )?bereuen",
            r"(?:das|dafür) wirst du (?:noch )?(?:bezahlen|büßen)",
            (r"pass (?:bloß|bloss|lieber) auf (?:dich )?auf|pass bloß auf", r"pass (?:bloß|bloss|lieber)"),
            r"du wirst es nicht kommen sehen",
            r"(?:das|es) ist noch nicht vorbei",
            r"ich kenne (?:leute|die richtigen leute)(?: die)?",
        ],
        "ur-Latn": [
            r"(?:tum|tu|aap|ap) (?:bohat |bahut |bht )?(?:pachtaoge|pachtaogi|pachtao ge|pachtao gi|pachtaye ga|pachtaega|pachtayega|pachtayegi)",
            r"(?:dekh|daikh) (?:lunga|lungi|loonga|loongi) (?:tumhe|tujhe|tmhe|tumko)",
            r"(?:tumhe|tujhe) (?:dekh|daikh) (?:lunga|lungi|loonga|loongi)",
            r"(?:ye|yeh|yh) (?:abhi )?(?:khatam|khtm) (?:nahi|nahin|nai) (?:hua|huwa)",
            r"(?:mere|meray) (?:bhi )?(?:log|bande|aadmi) (?:hain|hai)",
            r"(?:sambhal|sambhal ke|bach ke) (?:rehna|rahna|raho)",
        ],
    },
    "surveillance.location": {
        "en": [
            r"(?:i|I) (?:know|kno|knw|no) (?:exactly )?where (?:you|u|ya|she|he|your (?:kids?|mum|mom|family|children|new (?:bf|boyfriend|gf|girlfriend|man|partner|fella))|ur (?:kids?|mum|mom|family|new (?:bf|boyfriend|man|partner))) (?:live|lives|work|works|sleep|sleeps|stay|stays|are staying|are living|park|go to school|goes to school|go|goes|drink|hang out|are now|are|moved to|live now)",
            r"(?:i|I) (?:know|kno|knw) (?:that )?(?:you|u)(?:'ve| have|ve)? (?:moved|move|changed (?:address|house|jobs?|your number|ur number|number)|got a new (?:place|flat|house|job|number|address))",
            (r"(?:i|I)(?:'ve|ve| have)? (?:know|kno|knw|have|got|found|found out|got hold of|tracked down|managed to get) (?:your|ur|yer) (?:new |home |work )?(?:address|addy|postcode|number|location|flat|house|place|door number|shifts?|schedule|route|reg|registration)",
             r"(?:know|kno|knw|have|got|found|found out|got hold of|tracked down|managed to get) (?:your|ur|yer) (?:new |home |work )?(?:address|addy|postcode|number|location|flat|house|place|door number|shifts?|schedule|route|reg|registration)"),
            r"(?:i|I)(?:'ve| have|ve)? (?:found|found out|worked out|figured out|tracked down|got) where (?:you|u|ya) (?:live|work|moved|are|are staying|stay)",
            (r"(?:i|I) know which (?:school|nursery|gym|house|flat|street|road|office|shift|bus|train) (?:your|ur|you|u)",
             r"know which"),
            (r"(?:i|I) know (?:what|which) car (?:you|u) (?:drive|have|got)",
             r"know (?:what|which) car"),
            (rf"nice (?:new )?(?:flat|house|place|street|door|front door|address|curtains)(?: btw)?{_END}",
             r"nice (?:new )?(?:flat|house|place|street|door|front door|address|curtains)"),
        ],
        "pl": [
            r"wiem,? gdzie (?:teraz )?(?:mieszkasz|pracujesz|śpisz|jesteś|się ukrywasz|mieszka twoja|chodzą twoje dzieci)",
            r"(?:znam|mam) (?:twój|twoj) (?:nowy )?(?:adres|numer)",
            r"wiem,? że się (?:przeprowadziłaś|przeprowadziłeś|wyprowadziłaś|wyprowadziłeś)",
        ],
        "pt": [
            r"(?:eu )?sei onde (?:tu |você |vc )?(?:moras|mora|trabalhas|trabalha|vives|vive|estás|está|dormes)",
            r"(?:eu )?sei (?:a tua|o teu|a sua|o seu|tua|teu|sua|seu) (?:nova |novo )?(?:morada|endereço|endereco|casa|número|numero)",
            r"(?:eu )?sei que (?:te )?mudaste|sei que (?:você|vc) se mudou",
        ],
        "es": [
            r"(?:ya )?sé (?:dónde|donde) (?:tú |tu )?(?:vives|trabajas|duermes|estás|estas|te escondes)",
            r"(?:sé|tengo) (?:tu|tú) (?:nueva )?(?:dirección|direccion|casa|número|numero)",
            r"sé que te (?:has mudado|mudaste)",
        ],
        "fr": [
            r"je sais où tu (?:habites|vis|bosses|travailles|dors|te caches|es)",
            r"(?:je connais|j'ai) ta (?:nouvelle )?adresse",
            r"je sais que tu (?:as déménagé|as demenage|t'es installée?)",
        ],
        "de": [
            r"ich weiß,? wo du (?:wohnst|arbeitest|schläfst|bist|dich versteckst)",
            r"ich (?:kenne|habe|hab) deine (?:neue )?(?:adresse|nummer)",
            r"ich weiß,? dass du umgezogen bist",
        ],
        "ur-Latn": [
            r"(?:mujhe|mjhe|mujhay) (?:pata|pta) (?:hai|he|h) (?:ke )?(?:tum|tu|aap|ap) (?:kahan|kahaan|kidhar|kaha) (?:rehti|rehte|rehta|rahti|kaam karti|kaam karte|kaam karta|ho|hai|jati|jate)",
            r"(?:mujhe|mjhe) (?:tumhara|tera|aapka|tumhra) (?:naya )?(?:ghar|pata|address|number) (?:pata|maloom|maaloom) (?:hai|he|h)",
        ],
    },
    "surveillance.watching": {
        "en": [
            (r"(?:i|I) (?:saw|seen|spotted|watched|clocked) (?:you|u|ya) (?:with|leaving|going into|coming out of|kissing|holding hands|getting into|get into|get in|getting in|talking to|out with|walking with|at (?:his|her|their) (?:place|house|flat))",
             r"(?:saw|seen|spotted|watched|clocked) (?:you|u|ya) (?:with|leaving|going into|coming out of|kissing|holding hands|getting into|get into|get in|getting in|talking to|out with|walking with|at (?:his|her|their) (?:place|house|flat))"),
            (r"(?:i|I)(?:'ve| have|ve)? been (?:watching|following|tracking|observing|checking on) (?:you|u|ya|your|ur)",
             r"been (?:watching|following|tracking|observing|checking on) (?:you|u|ya|your|ur)"),
            (r"(?:i|I)(?:'m| am|m) (?:always |still )?(?:watching|following|tracking) (?:you|u|ya|your every move|every move)",
             r"(?:watching|following|tracking) (?:you|u|ya|your every move|every move)"),
            (r"(?:i|I)(?:'m| am|m) (?:right |just |stood |sat |parked |waiting |standing |sitting )*(?:outside|out ?side|at|by|near|round the corner from|across (?:the road|the street) from) (?:your|ur|yer) (?:house|flat|place|home|work|office|door|front door|window|school|mum's|mums|parents|new place|gym|car)",
             r"(?:outside|out ?side|at|by|near|round the corner from|across (?:the road|the street) from) (?:your|ur|yer) (?:house|flat|place|home|work|office|door|front door|window|school|mum's|mums|parents|new place|gym|car)"),
            (r"(?:i|I)(?:'m| am|m) (?:parked|sat|sitting|waiting|standing|stood) (?:right )?outside",
             r"(?:parked|sat|sitting|waiting|standing|stood) (?:right )?outside"),
            r"(?:i|I) (?:followed|tracked|traced) (?:you|u|ya)(?: home| to| there| all the way| from)?",
            r"(?:i|I) (?:can|cn|could) see (?:you|u|ya) (?:right now|rn|from (?:here|my car|outside|across|the)|through|in (?:your|ur|the) window|at (?:your|ur) window|sitting|standing|walking|in (?:your|ur)|now)",
            (r"(?:i|I) (?:watched|saw) (?:you|u|ya) (?:leave|go|walk|get|come|undress|sleeping|sleep|through)",
             r"(?:watched|saw) (?:you|u|ya) (?:leave|go|walk|get|come|undress|sleeping|sleep|through)"),
            (r"nice (?:dress|outfit|top|shirt|jacket|coat|hair|haircut|shoes|skirt|jeans|legs|lipstick) (?:today|tonight|this morning|earlier|at (?:the gym|work|the pub|the shop))",
             r"nice (?:dress|outfit|top|shirt|jacket|coat|hair|haircut|shoes|skirt|jeans|legs|lipstick)"),
            r"(?:you|u) looked (?:nice|good|hot|beautiful|lovely|pretty|sexy|happy) (?:today|earlier|tonight|this morning) (?:with|at|in|walking|leaving)",
            r"(?:i|I) know (?:who|what) (?:you|u) (?:were|was) (?:with|doing) (?:today|last night|yesterday|earlier|tonight|at)",
            (r"(?:my (?:mates?|friends?|cousin|brother|boys)|someone|people) (?:saw|seen|spotted|clocked) (?:you|u|ya) (?:with|at|leaving|out|kissing)",
             r"(?:saw|seen|spotted|clocked) (?:you|u|ya) (?:with|at|leaving|out|kissing)"),
            (r"(?:i|I)(?:'ve| have|ve)? (?:got|put|installed|hidden) (?:a )?(?:tracker|airtag|gps|camera|spyware|app) (?:on|in) (?:your|ur)",
             r"(?:tracker|airtag|gps|camera|spyware|app) (?:on|in) (?:your|ur)"),
            r"(?:i|I) (?:can|cn) see (?:your|ur) (?:location|every move)|(?:your|ur) location (?:says|shows)",
        ],
        "pl": [
            r"(?:widziałem|widziałam|widzialem|widzialam) (?:cię|cie) (?:z|ze|jak|przy|u)",
            r"(?:obserwuję|obserwuje|śledzę|sledze) (?:cię|cie)",
            r"(?:śledziłem|śledziłam|sledzilem|sledzilam) (?:cię|cie)",
            r"(?:jestem|stoję|stoje|czekam) (?:pod|przed) (?:twoim|twoją|twoja|twoimi) (?:domem|blokiem|oknem|pracą|praca|drzwiami|mieszkaniem)",
            r"(?:widzę|widze) (?:cię|cie) (?:teraz|przez okno|z samochodu)",
        ],
        "pt": [
            r"(?:eu )?(?:vi-te|te vi|vi você|vi vc) (?:com|a sair|saindo|a beijar|beijando|ontem com|hoje com)",
            r"(?:estou|tô|to|tou) (?:aqui )?(?:à|a|na) (?:tua|sua) (?:porta|casa|janela)|(?:estou|tô) (?:à|em) frente (?:da tua|da sua|ao teu|ao seu) (?:casa|trabalho|prédio)",
            r"(?:estou|tô|to) (?:a )?(?:te )?(?:observar|vigiar|seguir|observando|vigiando|seguindo)(?:-te)?(?: você)?",
            r"(?:eu )?(?:segui-te|te segui|segui você) (?:até|ate)",
        ],
        "es": [
            (r"te (?:vi|he visto|vieron) con",
             r"te (?:vi|he visto|vieron) con"),
            r"(?:estoy|ando) (?:afuera|fuera|enfrente) de tu (?:casa|trabajo|puerta|edificio)",
            r"te (?:estoy|tengo) (?:vigilando|observando|siguiendo|vigilada|vigilado)",
            r"te (?:seguí|segui|he seguido) (?:hasta|a tu|ayer|hoy)",
        ],
        "fr": [
            r"je t'ai (?:vue?|aperçue?|apercue?) avec",
            r"je suis (?:juste )?(?:devant|en bas de) (?:chez toi|ta porte|ton (?:boulot|travail|immeuble|taf))",
            r"je (?:te surveille|t'observe|te regarde dormir|te suis partout)",
            r"je t'ai suivie? (?:jusqu|hier|chez|ce)",
        ],
        "de": [
            r"ich (?:hab|habe) dich mit \S+(?: \S+)? gesehen",
            r"ich (?:beobachte|verfolge|überwache) dich",
            r"ich (?:bin|stehe|steh|warte|sitze) (?:gerade )?vor (?:deiner|deinem) (?:tür|wohnung|haus|arbeit|fenster)",
            r"ich bin dir (?:gefolgt|nachgefahren|nachgelaufen)",
        ],
        "ur-Latn": [
            r"(?:maine|main ne|mene|mainey) (?:tumhe|tmhe|tujhe|aapko|apko) (?:us|uss|uske|kisi|ek) \S*(?: \S+)? (?:sath|saath|sth) (?:dekha|dekhi)",
            r"(?:main|mai) (?:tumhare|tumhary|tere|aapke|apke) (?:ghar|office|dafter|college) (?:ke )?(?:bahar|baahar|samne|saamne) (?:hoon|hun|hu|khara|khari|khada|khadi)",
            r"(?:main|mai) (?:tumhe|tujhe|tmhe) (?:dekh|daikh) (?:raha|rahi|rha|rhi) (?:hoon|hun|hu)",
            r"(?:maine|main ne|mai ne|mene) (?:tumhara|tera|tmhara) (?:peecha|picha) (?:kiya|kia)",
        ],
    },
    "image_abuse.share": {
        "en": [
            rf"{{ill}} {{adv}}{_SHARE} (?:out |up |around |round )?(?:all )?{{img}}",
            (rf"{{ill}} {{adv}}{_SHARE} (?:everyone|every ?1|your (?:mum|mom|dad|family|boss|husband|wife|boyfriend|bf|kids|friends|mates)|ur (?:mum|mom|dad|family|boss|bf|mates)) {{img}}",
             rf"{_SHARE} (?:everyone|every ?1|your (?:mum|mom|dad|family|boss|husband|wife|boyfriend|bf|kids|friends|mates)|ur (?:mum|mom|dad|family|boss|bf|mates))"),
            (r"(?:everyone|every ?1|the whole (?:world|school|town|village)|all your (?:mates|friends|family)|ur (?:mum|family)|your (?:mum|mom|dad|family|boss)) (?:will|is gonna|is going to|gonna|is about to|'ll) (?:see|get|have|receive) {img}",
             r"(?:see|get|have|receive) {img}"),
            r"{img} (?:will|are going to|are gonna|gonna|go|are going|will be|'ll be|will go) (?:go |be )?(?:online|everywhere|viral|on (?:insta|facebook|fb|pornhub|onlyfans|the internet|twitter|tiktok)|up|out|public|to (?:everyone|your))",
            r"{ill} {adv}expose (?:you|u|ya)",
            (r"(?:i|I)(?:'ve| have|ve)? (?:still )?(?:got|have|kept|saved) (?:all )?(?:your|ur|yer) (?:nudes|naked pics|naked photos|sex tape|pics|photos|videos|vids)(?: remember| don't forget| dont forget| you know)?",
             r"(?:got|have|kept|saved) (?:all )?(?:your|ur|yer) (?:nudes|naked pics|naked photos|sex tape|pics|photos|videos|vids)"),
            rf"(?:pay|send|transfer|give) (?:me )?(?:the )?(?:money|£\d+|\$\d+|\d+ ?(?:quid|pounds|grand|k|dollars|euros|zł|zl)|more (?:pics|nudes|photos|videos)|nudes|pics|cash|it)(?:{_GAP})? (?:or|otherwise|else) (?:{{ill}} {{adv}})?(?:{_SHARE}|everyone (?:will )?see|{{img}})",
            rf"(?:unless|if) (?:you|u) (?:don't |dont |do not )?(?:pay|send|give|transfer)(?:{_GAP})? (?:{{ill}} {{adv}})?{_SHARE} {{img}}",
        ],
        "pl": [
            r"(?:wrzucę|wrzuce|wyślę|wysle|pokażę|pokaze|opublikuję|opublikuje|roześlę|rozesle|udostępnię|udostepnie) (?:wszystkim |twojej (?:matce|rodzinie) |do sieci )?(?:twoje |te |wszystkie )?(?:nagie |intymne |prywatne )?(?:zdjęcia|zdjecia|fotki|nagrania|filmiki|filmik|nudesy|nudy)",
            r"(?:twoje |te )?(?:nagie |intymne )?(?:zdjęcia|zdjecia|fotki|nudesy|nagrania) (?:trafią|trafia|pójdą|pojda|będą|beda) (?:do sieci|do internetu|w sieci|wszędzie|do wszystkich|na fb|na facebooka)",
        ],
        "pt": [
            r"(?:vou|eu vou) (?:postar|publicar|espalhar|mandar|enviar|divulgar|partilhar|compartilhar|mostrar|vazar) (?:as |os )?(?:tuas|suas|teus|seus) (?:fotos|nudes|vídeos|videos|fotos nuas|fotos íntimas|fotos intimas|nudez)",
            r"(?:vou|eu vou) (?:postar|publicar|espalhar|mandar|enviar|divulgar|vazar) (?:os |as )?(?:teus |tuas |seus |suas )?(?:nudes|fotos nuas|fotos íntimas|fotos intimas|vídeos íntimos|videos intimos)",
            r"(?:toda a gente|todo mundo|toda gente) (?:vai|vão) ver (?:as |os )?(?:tuas|suas|teus|seus) (?:fotos|nudes|vídeos)",
        ],
        "es": [
            r"(?:voy a|te voy a) (?:subir|publicar|mandar|enviar|pasar|compartir|difundir|filtrar|enseñar) (?:tus|las|los) (?:fotos|nudes|videos|vídeos|fotos desnud[ao]|fotos íntimas|fotos intimas|packs?)",
            r"(?:todo el mundo|todos) (?:va|van) a ver (?:tus|las) (?:fotos|nudes|videos|vídeos)",
        ],
        "fr": [
            r"je (?:vais|v) (?:publier|poster|envoyer|balancer|diffuser|partager|montrer|leak) (?:tes|les|toutes tes) (?:photos|nudes|vidéos|videos|photos nues|photos intimes|nudes)",
            r"tout le monde (?:va|verra) (?:voir )?(?:tes|les) (?:photos|nudes|vidéos)",
        ],
        "de": [
            r"ich (?:werde|werd|stelle|stell|schicke|schick|verschicke|poste|veröffentliche|zeige|zeig) (?:allen |deiner (?:mutter|familie) |deinem (?:chef|freund) )?(?:deine|die) (?:nacktbilder|nacktfotos|nacktvideos|fotos|bilder|videos|intimen bilder|nudes)",
            r"(?:jeder|alle) (?:wird|werden) (?:deine|die) (?:nacktbilder|nacktfotos|fotos|bilder|videos|nudes) sehen",
        ],
        "ur-Latn": [
            r"(?:tumhari|teri|tmhari|aapki|apki) (?:gandi |nangi |private )?(?:tasveerein|tasveeren|tasveer|pics|photos|pictures|videos|video|vdo) (?:viral|post|share|upload|leak|sab ko bhej|sabko bhej|ghar walon ko bhej|facebook pe daal|net pe daal) (?:kar |kr )?(?:dunga|doonga|dungi|doongi|dun ga|kardunga|kardungi|krdunga|krdungi)",
            r"(?:tumhari|teri) (?:pics|photos|videos|tasveerein) (?:sab ko|sabko|ghar walon ko) (?:bhej|dikha) (?:dunga|doonga|dungi|doongi)",
        ],
    },
    "coercion.self_harm": {
        "en": [
            rf"if (?:you|u|ya){_GAP} (?:then )?{{ill}} (?:(?:just|literally|actually|fucking|go and|swear) )*{_SELF}",
            rf"{{ill}} (?:(?:just|literally|actually|fucking|go and|swear) )*{_SELF} if (?:you|u|ya)",
            rf"(?:or|otherwise|else) {{ill}} (?:(?:just|literally|actually) )*{_SELF}",
            rf"{{ill}} (?:(?:just|literally|actually) )*{_SELF} (?:and|&) (?:it(?:'ll| will|ll)? be|it's|its|it is) (?:all )?(?:your|ur) fault",
            rf"{{ill}} (?:(?:just|literally|actually) )*{_SELF} (?:because of|coz of|cos of|cause of|bc of) (?:you|u)",
            r"(?:my )?blood (?:is|will be|'ll be|would be) on (?:your|ur) hands",
            rf"(?:it(?:'ll| will|ll)? be|it's|its|it is|it would be) (?:all )?(?:your|ur) fault (?:when|if) (?:i|I) (?:die|am dead|'m dead|m dead|kill myself|end it|do it|hurt myself|{_SELF})",
            (r"(?:you|u)(?:'ll| will|ll)? (?:be|feel) (?:sorry|guilty|responsible) (?:when|if) (?:i|I)(?:'m| am|m)? (?:dead|gone|found|in the ground|in hospital)",
             r"(?:sorry|guilty|responsible) (?:when|if) (?:i|I)"),
            rf"(?:without|w/o|wthout) (?:you|u) {{ill}} (?:(?:just|literally) )*{_SELF}",
            rf"(?:unless|until|till) (?:you|u){_GAP} {{ill}} (?:(?:just|literally) )*{_SELF}",
            rf"(?:come back|answer me|pick up|reply|text me back|take me back|don't leave|dont leave|dont go|don't go)(?: to me| now| please| pls)?(?:{_GAP})? or {{ill}} (?:(?:just|literally) )*{_SELF}",
        ],
        "pl": [
            rf"(?:jeśli|jeżeli|jak|jesli) (?:mnie )?{_GAP} (?:to )?(?:się zabiję|sie zabije|zabiję się|zabije sie|skończę ze sobą|skoncze ze soba|zrobię sobie krzywdę|zrobie sobie krzywde|się potnę)",
            r"(?:moja )?krew (?:będzie|bedzie) na (?:twoich|twoich) rękach|(?:moja )?krew (?:będzie|bedzie) na twoich rekach",
        ],
        "pt": [
            rf"se (?:tu |você |vc )?(?:me )?{_GAP} (?:eu )?(?:me mato|mato-me|vou-me matar|vou me matar|acabo com a minha vida|faço uma asneira)",
            r"(?:o )?meu sangue (?:vai ficar|fica|estará|vai estar) nas (?:tuas|suas) mãos",
        ],
        "es": [
            rf"si (?:tú |tu )?(?:me )?{_GAP} (?:yo )?(?:me mato|me voy a matar|me suicido|me quito la vida|me hago daño)",
            r"mi sangre (?:estará|va a estar|quedará) en tus manos",
        ],
        "fr": [
            rf"si tu (?:me )?{_GAP} (?:je me tue|je vais me tuer|je me suicide|je vais me suicider|je me fais du mal)",
            r"mon sang sera sur tes mains|(?:ce sera|c'est) (?:de )?ta faute si je (?:meurs|me tue)",
        ],
        "de": [
            rf"wenn du (?:mich )?{_GAP} (?:dann )?(?:bring ich mich um|bringe ich mich um|töte ich mich|tu ich mir was an|tue ich mir was an)",
            r"(?:mein )?blut (?:klebt|wird) an deinen händen",
        ],
        "ur-Latn": [
            rf"(?:agar|agr) (?:tum|tu|tumne|tum ne|aap|ap){_GAP} (?:to|tou|toh) (?:main |mai )?(?:khud ko (?:maar|mar|khatam kar) (?:lunga|lungi|loonga|loongi|dunga|dungi)|khudkushi (?:kar )?(?:lunga|lungi|loonga|loongi)|mar (?:jaunga|jaungi|jaoon ga|jaoon gi))",
            r"(?:meri|mri) (?:maut|mout) (?:ka zimmedar|ki zimmedar|ke zimmedar|ka zimmadar) (?:tum|tu|aap)",
        ],
    },
    "coercion.possessive": {
        "en": [
            (r"if (?:i|I) can(?:'t|not|t| not) have (?:you|u|ya),? (?:then )?(?:no ?one|nobody|no one else|noone|no1) (?:can|will|else|could|gets|is going to)",
             r"can(?:'t|not|t| not) have (?:you|u|ya)"),
            r"(?:you|u)(?:'re| are|re| r)? (?:mine|my property|my wife|my girl|my woman|my man) (?:and )?(?:no ?one else'?s|nobody else'?s|and only mine|only mine|forever and no one|till (?:you|u) die|whether (?:you|u) like it or not)",
            rf"(?:you|u) (?:belong|belongs) to me(?: and| now| forever| only|{_END})",
            (r"(?:you|u) (?:don't|dont|do not) get to (?:leave|walk away|go|end (?:this|it|us)|decide|dump)",
             r"get to (?:leave|walk away|go|end (?:this|it|us)|decide|dump)"),
            (r"(?:you|u)(?:'re| are|re| r) not (?:leaving|going anywhere|allowed to (?:leave|go|see|talk|speak|text|have|wear|go out))",
             r"not (?:leaving|going anywhere|allowed to (?:leave|go|see|talk|speak|text|have|wear|go out))"),
            r"(?:you|u)(?:'ll| will|ll)? never (?:leave me|be with anyone else|be with any ?one else|be free of me|get away from me|be rid of me)",
            (r"(?:i|I) (?:won't|will not|wont|will never|'ll never|ll never) let (?:you|u|ya) (?:leave|go|be with|walk away|end (?:this|it))",
             r"let (?:you|u|ya) (?:leave|go|be with|walk away|end (?:this|it))"),
            r"no ?one else (?:will ever|will|can|is going to|gets to) (?:have|touch|be with) (?:you|u)",
            (r"(?:you|u) can(?:'t|not|t) (?:leave me|ever leave me|get rid of me|escape me)",
             r"can(?:'t|not|t) (?:leave me|ever leave me|get rid of me|escape me)"),
        ],
        "pl": [
            r"jeśli (?:ja )?nie mogę cię mieć,? (?:to )?(?:nikt|nikt inny) (?:nie )?(?:może|będzie|bedzie)|jesli nie moge cie miec",
            r"(?:jesteś|jestes) (?:moja|mój|moj) (?:i niczyja|i niczyj|i tylko moja|i tylko mój|na zawsze)",
            r"nie (?:odejdziesz|zostawisz mnie|pozwolę ci odejść|pozwole ci odejsc)",
        ],
        "pt": [
            r"se (?:eu )?(?:não|nao) (?:posso|puder) (?:te )?ter(?:-te)?,? (?:então )?ninguém (?:pode|vai|mais)",
            r"(?:tu és|és|você é|vc é) (?:minha|meu) (?:e de mais ninguém|e de ninguém mais|só minha|só meu|para sempre)",
            r"(?:não|nao) (?:vais|vai) (?:me deixar|sair daqui|embora)|(?:não|nao) te (?:deixo|vou deixar) (?:ir|sair|partir)",
        ],
        "es": [
            r"si no (?:eres|vas a ser) (?:mía|mia|mío|mio),? no (?:serás|seras|eres|vas a ser) de nadie",
            r"si (?:yo )?no puedo tenerte,? nadie (?:podrá|podra|puede|va a)",
            r"eres (?:mía|mia|mío|mio) (?:y de nadie más|y de nadie mas|y solo mía|para siempre)",
            r"no (?:me vas a dejar|te vas a ir|te dejaré ir|te dejare ir)",
        ],
        "fr": [
            r"si je ne peux pas t'avoir,? personne (?:ne|d'autre)|si je peux pas t'avoir,? personne",
            (r"tu es à moi|t'es à moi|tu es a moi|t'es a moi",
             r"(?:tu es|t'es) à moi"),
            r"tu (?:ne )?(?:me quitteras|vas me quitter) (?:pas|jamais)",
        ],
        "de": [
            r"wenn ich dich nicht haben kann,? (?:dann )?(?:soll|kann|darf|wird) (?:dich )?(?:keiner|niemand)",
            r"du gehörst (?:nur )?mir",
            r"du (?:wirst|kannst) mich (?:nie|niemals) verlassen|ich lass dich nicht gehen",
        ],
        "ur-Latn": [
            r"(?:agar|agr) (?:tum|tu) meri nahi (?:ho sakti|hui|ho|hogi),? (?:to|toh) (?:kisi|kisi aur) ki (?:bhi )?nahi",
            r"(?:tum|tu) (?:sirf|bas) meri (?:ho|hai|he)",
            r"(?:tum|tu) mujhe (?:chhor|chor|chhod|chod) (?:kar )?(?:nahi|nahin|nai) (?:ja sakti|ja sakte|jaogi|jaoge)",
        ],
    },
}

# --------------------------------------------------------------------------------------
# Guards (key: a family or a code; a guard is a veto pattern or a (veto, unless) pair)
# --------------------------------------------------------------------------------------

_LAUGH = (
    r"(?:^|[^\p{L}\p{N}])(?:lo+l+|lo+lz|lmf?a+o+|ro+fl|ha(?:ha)+h*|ah(?:ah)+|he(?:he)+|xd+|x-d|"
    r"jk|jks|jking|j/k|only\s+joking|just\s+(?:joking|kidding)|jus\s+kidding|banter|"
    r"k{4,}|(?:rs){2,}|ja(?:ja)+|je(?:je)+|mdr+|ptdr+|hihi|hehe)(?:$|[^\p{L}\p{N}])"
    r"|😂|🤣|💀|😜|😝|😆|😅|😹|😛|🙃|😉|☠"
)
_LAUGH_THREAT = _LAUGH + r"|😭|(?:^|[^\p{L}\p{N}])(?:i'?m|im|i\s+am)\s+(?:actually\s+|literally\s+|so\s+|fully\s+)?dead+(?:$|[^\p{L}\p{N}])"
_LOVE = r"😘|😍|🥰|💕|💖|❤|♥|😚|😙|💗|💞|😻|\bxx+\b"
# escalators: a laugh does not make these banter
_SERIOUS = (
    r"not\s+(?:even\s+)?(?:joking|kidding|playing|messing)|(?:i'?m|im|i\s+am)\s+(?:dead\s+|deadly\s+|so\s+)?serious|"
    r"i\s+mean\s+it|swear\s+(?:down|to\s+god|on\s+my)|no\s+joke|"
    r"knife|blade|gun|machete|acid|petrol|when\s+i\s+find\s+(?:you|u)|"
    r"address|restraining|police|nie\s+żartuję|nie\s+zartuje|"
    r"n(?:ã|a)o\s+(?:estou|tô)\s+a?\s*brinca|no\s+es\s+broma|je\s+rigole\s+pas|kein\s+witz|mazaak\s+nahi"
)
_POSSESSIVE_SERIOUS = (
    r"no\s*one\s+(?:else|can|will)|nobody\s+(?:else|can|will)|or\s+else|won'?t\s+let|not\s+allowed|kill|hurt|"
    r"whether\s+(?:you|u)\s+like\s+it|" + _SERIOUS
)

_NEGATION = (
    r"(?:\b|^)(?:never|won'?t|wont|will\s+not|wouldn'?t|wouldnt|would\s+not|not\s+going\s+to|"
    r"not\s+gonna|ain'?t\s+gonna|aint\s+gonna|couldn'?t|could\s+never|would\s+never|"
    r"'d\s+never|d\s+never|will\s+never|not\s+about\s+to|no\s+intention\s+of|promise\s+not\s+to|"
    r"not\s+trying\s+to|don'?t\s+want\s+to|dont\s+want\s+to|not\s+here\s+to)\s+(?:\S+\s+){0,2}"
    r"(?:kill|murder|stab|hurt|harm|touch|hit|beat|batter|bash|burn|bury|shoot|post|share|send|"
    r"leak|show|upload|expose|do\s+anything|do\s+something|punch|smash|end|ruin|destroy)"
)
# negations in the other languages (a negator right before the verb phrase)
_NEGATION_INTL = (
    r"(?:^|[^\p{L}])(?:nigdy|nie)\s+(?:\S+\s+)?(?:zabij|skrzywdz|skrzywdź|zrobię\s+ci|zrobie\s+ci|wrzuc|wyśl|pokaż)"
    r"|(?:^|[^\p{L}])(?:nunca|jamais|jamás|jamas|não|nao|no)\s+(?:te\s+|vou\s+|voy\s+a\s+|iria\s+|te\s+voy\s+a\s+)*(?:matar|mato|hacer\s+daño|fazer\s+mal|magoar|subir|postar|publicar|mandar)"
    r"|(?:ne|n')\s*(?:te\s+)?(?:\S+\s+)?(?:jamais|pas)\s+(?:te\s+)?(?:tuer|faire\s+de\s+mal|publier|envoyer)"
    r"|(?:nie|niemals|nicht)\s+(?:\S+\s+)?(?:umbringen|weh\s+tun|wehtun|töten|posten|schicken)"
    r"|(?:kabhi|kbhi)\s+(?:\S+\s+){0,2}(?:nahi|nahin|nai)\s+(?:maar|mar|nuksan)"
)
_REPORTED = [
    # a third party as the speaker
    r"(?:\b|^)(?:he|she|they|someone|somebody|some1|my\s+(?:ex|mum|mom|dad|sister|sis|brother|bro|"
    r"friend|mate|boss|neighbou?r|husband|wife|bf|gf|boyfriend|girlfriend|cousin|flatmate)|her\s+ex|"
    r"his\s+ex|her\s+(?:bf|boyfriend|husband)|his\s+(?:gf|girlfriend|wife)|the\s+(?:guy|man|woman|bloke))"
    r"(?:'s|'d|s)?\s+(?:just\s+|literally\s+|then\s+|always\s+|keeps\s+|kept\s+|has\s+|had\s+|have\s+|was\s+|is\s+)?"
    r"(?:told|tells|telling|said|says|saying|sayin|keeps\s+saying|kept\s+saying|texted|messaged|wrote|"
    r"screamed|shouted|yelled|threatened|threatening|threatens|reckons|claims|claimed|warned|swore|"
    r"was\s+like|is\s+like|goes|went|sent\s+me)\b",
    r"\b(?:he|she|they)\s+(?:said|says|told\s+me|reckons)\s+(?:that\s+)?(?:he|she|they|i|you)\b",
    r"\bthreatened\s+to\b|\bthreatening\s+to\b|\bthreats?\s+(?:from|against|to)\b",
    # Polish / Portuguese / Spanish / French / German / Urdu
    r"(?:powiedział|powiedziała|powiedzial|powiedziala|groził|groziła|grozil|grozila|napisał|napisała|mówi|mowi)(?:\s+\S+){0,2}\s+(?:że|ze|żeby|zeby)\b",
    r"(?:^|[^\p{L}])(?:ele|ela|él|el|ella)\s+(?:me\s+)?(?:disse|falou|ameaçou|ameacou|dijo|amenazó|amenazo|escribió|escribio|diz|dice)\b",
    r"(?:^|[^\p{L}])(?:il|elle)\s+(?:m'a|ma|a)\s+(?:dit|menacé|menace|écrit|ecrit)",
    r"(?:^|[^\p{L}])(?:er|sie)\s+(?:hat|meinte|sagte|sagt|schrieb|droht|drohte)\b",
    # a reporting verb with "that" and no subject: "dijo que ...", "a dit que ...", "sagte dass ..."
    r"(?:^|[^\p{L}])(?:dijo|dijeron|dice|dicen|disse|disseram|diz|dizem|falou|a\s+dit|ont\s+dit|dit|sagte|sagten|sagt|hat\s+gesagt|"
    r"powiedzia\p{L}*|m[oó]wi[lł]?\p{L}*|kaha|keh\s+raha|bola|boli)\s+(?:que|qu'|qu’|że|ze|dass|das|ke|k|ki)(?:$|[^\p{L}])",
    r"(?:^|[^\p{L}])(?:usne|us\s+ne|usnay|unhone|unhon\s+ne)\s+(?:\S+\s+){0,3}(?:kaha|bola|boli|dhamki|likha)",
]
_GAMING = (
    r"(?:^|[^\p{L}\p{N}])(?:next\s+round|this\s+round|fifa|fortnite|warzone|\bcod\b|call\s+of\s+duty|apex|"
    r"valorant|minecraft|roblox|gta|rocket\s+league|overwatch|league\s+of\s+legends|\blol\s+match|"
    r"among\s+us|mario\s*kart|smash\s+bros|tekken|\bgg\b|ggs|respawn|spawn|lobby|headshot|1v1|2v2|"
    r"ranked|in[\s-]?game|the\s+game|this\s+game|that\s+game|next\s+game|game\s+night|xbox|ps[45]|"
    r"playstation|controller|on\s+the\s+pitch|five[\s-]a[\s-]side|5[\s-]a[\s-]side|at\s+(?:pool|darts|chess|"
    r"snooker|tennis|squash|badminton|monopoly|scrabble|uno|cards)|paintball|laser\s*tag|quiz|"
    r"noob|n00b|camping\s+(?:spot|noob)|minimap|killstreak|kill\s+count|clan|squad\s+up|"
    # the other languages: rounds, matches, games
    r"(?:last|final|first|second|third|bonus|another|one\s+more|every)\s+round|(?:the|this|next|that|our|tonight'?s)\s+match|runde|runden|runda|rundzie|rundę|rundy|"
    r"ronda|rondas|manche|partie|partida|partidas|mecz|meczu|meczem|spiel|spiel[ea]n?|jogo|jogos|juego|"
    r"jogatina|rematch|revanche|rewanż|rewanz|zocken|zockt|pvp|ggwp|wp|sniper|kd|k/d|"
    r"match\s+(?:de|von|na)|boss\s+fight|level|nivel|nível|poziom|khel|game\s+mein|match\s+mein)(?:$|[^\p{L}\p{N}])"
)
_IDIOMS_THREAT = (
    r"dead\s+to\s+me|dead\s+(?:right|funny|good|tired|easy|nice|lucky|jealous|excited|proud|cute|"
    r"serious\s+about\s+(?:the|this)|on)|kill\s+for\s+(?:a|an|some)|killing\s+(?:me|it)|killed\s+it|"
    r"spoil|spoiler|the\s+ending|finale|without\s+me|ate\s+my|eat\s+my|eats?\s+the\s+last|"
    r"drink\s+my|finish(?:ed)?\s+(?:my|the\s+last)|tell\s+(?:me|anyone)\s+what\s+happens|"
    r"the\s+surprise|surprise\s+party|"
    # idioms in the other languages: dead tired / dying of laughter / dead of hunger
    r"mort[oae]?s?\s+de\s+(?:rire|fatigue|faim|froid|chaud|peur|honte|ennui|cansa[cç]o|fome|sono|rir|riso|vergonha|medo|calor|frio|saudade|t[eé]dio|t[eé]dio)|"
    r"muert[oa]s?\s+de\s+(?:risa|hambre|sue[nñ]o|cansancio|fr[ií]o|calor|miedo|verg[uü]enza|aburrimiento|envidia)|"
    r"(?:me\s+muero|me\s+mor[ií]|morrendo|morri|me\s+mato)\s+de\s+(?:risa|rir|riso)|"
    r"tot\s*(?:m[uü]de|muede|langweilig|gelacht|lachen|schick|geil|sicher)|totlach|todm[uü]de|zum\s+totlachen|"
    r"martw[yiaeo]?\s+(?:ze|z)\s+(?:zm[eę]czenia|[sś]miechu|nud[oó]w|g[lł]odu|strachu)|padam\s+z\s+n[oó]g|"
    r"umieram\s+(?:ze|z)\s+(?:[sś]miechu|nud[oó]w|g[lł]odu)|"
    r"(?:hasi|hansi|hassi|hans\s+hans|has\s+has|thak|thakan|garmi|bhook|bhookh|bhuk|neend)\s*(?:se|ke|ki|kar)?\s+(?:mar|maar)|"
    r"(?:mar|mr)\s+(?:gaya|gayi|gya|gyi|jaunga|jaungi|raha|rahi)\s+(?:hasi|hansi|hans|thak)|"
    r"(?:your|ur|yer|yr)\s+dead\s+(?:phone|battery|batteries|plant|plants|fish|hamster|grandma|grandad|gran|nan|relatives?|"
    r"body|skin|cells|end|zone|air|link|pixels?|space|ringer|car|laptop|earbuds|airpods|headphones)|(?:my\s+)?(?:mum|mom|dad|mam|nan|boss|teacher|wife|husband|missus)\s+(?:will|is\s+going\s+to|is\s+gonna|'?ll)\s+kill"
)
_IDIOMS_VEILED = (
    r"regret\s+(?:not|missing|eating|drinking|buying|skipping|that\s+(?:tattoo|haircut|kebab|curry|pint|shot)|"
    r"it\s+(?:tomorrow|in\s+the\s+morning|later|when\s+you(?:'re|\s+are)\s+(?:older|hungover)))|"
    r"hangover|hungover|tequila|shots|pay\s+for\s+(?:this|that|it)\s+(?:tomorrow|in\s+the\s+morning|at\s+the\s+gym)|"
    r"man\s+on|i\s+know\s+people\s+(?:who|that)(?:'?ve|\s+have|\s+did|\s+do|\s+went|\s+go|\s+love|\s+like|\s+would\s+love|\s+use|\s+work|\s+live|\s+got)|i\s+know\s+people\s+(?:who|that)\s+(?:have|'ve|ve|did|do|went|go|love|like|would\s+love|"
    r"use|work|live|got)|i\s+know\s+people\s+(?:at|in|from|there)|"
    r"(?:feel|feeling|worried|scared|afraid|dreamt|dream|dreamed|worry|pray|praying|hope\s+not)\s+(?:\S+\s+){0,4}something\s+(?:bad|terrible|awful)|"
    r"not\s+over\s+(?:yet\s+)?(?:till|until|til)|(?:game|match|season|series|show|party|film|movie|exam|semester|term|shift|meeting|tournament)\s+(?:isn'?t|is\s+not|isnt|aint|ain'?t)\s+over"
)

# counter-speech / disapproval: "saying they should be shot is disgusting", "no one deserves to die"
_COUNTER = (
    r"(?:^|[^\p{L}])(?:saying|to\s+say|say\s+that|says|said|post(?:ing|ed)?|tweet(?:ing|ed)?|writing|wrote|"
    r"think(?:s|ing)?\s+that|believ(?:e|es|ing)\s+that|comments?\s+like|people\s+who\s+(?:say|think|post))\b"
    r".{0,120}(?:disgusting|vile|sick|wrong|horrible|horrific|awful|appalling|evil|hateful|gross|not\s+ok(?:ay)?|"
    r"unacceptable|out\s+of\s+order|messed\s+up|fucked\s+up|shameful|dangerous|not\s+funny|illegal|hate\s+speech)"
    r"|(?:disgusting|vile|sick|wrong|horrible|awful|appalling|evil|unacceptable|not\s+ok(?:ay)?)\s+(?:to|that\s+(?:you|u|people|anyone|someone|he|she|they))\s+(?:say|think|post|write|said|says|thinks)"
    r"|(?:how|why)\s+(?:can|could|would|do|does)\s+(?:you|u|anyone|someone|people|he|she|they)\s+(?:even\s+)?(?:say|think|post|write)"
    r"|(?:can'?t|cannot)\s+believe\s+(?:you|u|he|she|they|people|someone|anyone)\s+(?:\S+\s+){0,2}(?:said|say|think|posted|wrote)"
    r"|(?:no\s*one|nobody|noone|no\s+human|no\s+person)\s+(?:deserves|should|ought)"
    r"|(?:don'?t|dont|do\s+not|doesn'?t|never|not)\s+(?:\S+\s+)?(?:think|believe|agree|say|saying)\s+(?:that\s+)?(?:\S+\s+){0,4}(?:should|deserve)"
    r"|(?:^|[^\p{L}])(?:not\s+(?:all|every)|nobody|no\s*one)\s+(?:of\s+them\s+)?(?:should|deserves?)"
    r"|(?:nikt|nadie|ninguém|ninguem|personne|niemand|koi\s+bhi)\s+(?:nie\s+)?(?:zasługuje|zasluguje|merece|mérite|merite|verdient|haqdar|ne\s+m[eé]rite)"
    r"|(?:obrzydliw|skandaliczn|nojent|asqueros|vergonzos|d[eé]go[uû]tant|inadmissible|widerlich|ekelhaft|unversch[aä]mt|sharmnaak|ghalat)"
)
# a question about it ("do you think they should be shot?") or a fear, not a call
_QUESTION = (
    r"(?:should|shud|deserves?|need\s+to|needs\s+to|ought\s+to|must|powinni|powinien|zasługuj\p{L}*|deviam|deveriam|merecem?|"
    r"deber[ií]an|merecen?|devraient|m[eé]ritent|sollten|verdienen|chahiye|laiq|layak)\s+(?:\S+\s+){0,5}\S*\?"
    r"|(?:^|[^\p{L}])(?:do|does|did|would|could)\s+(?:you|u|anyone|people|they)\s+(?:really\s+)?(?:think|believe|reckon|agree)"
    r"|(?:scared|afraid|worried|terrified|frightened|fear|paranoid)\s+(?:that\s+)?(?:\S+\s+){0,3}(?:will|'ll|ll|might|is\s+going\s+to|are\s+going\s+to)"
)
# news, court reports, quotes of someone else's words
_NEWS = (
    r"(?:^|[^\p{L}])(?:the\s+court\s+heard|court|judge|jury|prosecutors?|police\s+said|was\s+(?:jailed|charged|convicted|arrested|sentenced|fined)|"
    r"pleaded|according\s+to|headline|article|news|reported|reports?\s+that|bbc|cnn|sky\s+news|the\s+guardian|tweeted|"
    r"(?:his|her|their)\s+(?:tweet|post|comment)|in\s+the\s+comments|comment\s+section|quote|quoted|quoting|"
    r"sąd|gazeta|tribunal|notícia|noticia|periódico|peri[oó]dico|journal|gericht|zeitung|khabar|akhbar)(?:$|[^\p{L}])"
    r"|[\"“”«»„]\s*(?:\S+\s+){0,6}(?:should|deserve|need|ought|must|powinni|deviam|merecem|deber[ií]an|devraient|sollten|chahiye)"
)
# fiction and TV: characters in a show deserve to die all the time
_FICTION = (
    r"(?:^|[^\p{L}])(?:episode|season|series|(?:the|this|that|tv|a)\s+(?:show|book|film)|movie|novel|character|villain|game\s+of\s+thrones|eastenders|"
    r"corrie|emmerdale|love\s+island|big\s+brother|bake\s+off|odcinek|serial|s[eé]rie|novela|telenovela|[eé]pisode|folge|drama|"
    r"ending|finale|spoiler|spoilers|plot)(?:$|[^\p{L}])"
)

GUARDS: dict[str, list] = {
    "threat": [*_REPORTED, (_LAUGH_THREAT, _SERIOUS), _GAMING, _IDIOMS_THREAT, _NEGATION,
               _NEGATION_INTL],
    "threat.veiled": [_IDIOMS_VEILED],
    "threat.normative": [_COUNTER, _QUESTION, _NEWS, _FICTION],
    "threat.conditional": [r"or\s+else\s*\?", r"or\s+else\s+(?:we|i\s+could|shall|should|maybe)"],
    "surveillance": [
        *_REPORTED, (_LAUGH, _SERIOUS),
        r"(?:\b|^)(?:don'?t|dont|didn'?t|never|not|haven'?t|havent|hadn'?t|do\s+you|did\s+you|have\s+you)\s+(?:\S+\s+)?(?:know|knw|saw|seen|see|watch|watching|follow|followed|been)\b",
        r"(?:^|[^\p{L}])(?:nie\s+wiem|n(?:ã|a)o\s+sei|no\s+s(?:é|e)|je\s+(?:ne\s+)?sais\s+pas|ich\s+wei(?:ß|ss)\s+nicht|nahi\s+pata|nahi\s+maloom|pata\s+nahi)",
    ],
    "surveillance.location": [
        r"(?:drop|dropping|bring|bringing|return|post|posting|send|sending|deliver)\s+(?:\S+\s+){0,3}(?:off|round|over|back|keys|parcel|stuff|present|card|charger|jacket|things)|"
        r"pick\s+(?:you|u)\s+up|(?:birthday|christmas|xmas)\s+(?:card|present)|(?:what|which)\s+(?:number|flat|house|door)|sat\s*nav|postcode\s*\?",
        r"nice\s+(?:new\s+)?(?:flat|house|place)\s+(?:btw\s+)?(?:babe|hun|mate|congrats|well\s+done)|congrat|housewarming|well\s+done|love\s+the|pics?\s+of|photos?\s+of|on\s+(?:insta|facebook|fb|rightmove|zoopla)",
    ],
    "surveillance.watching": [
        _GAMING,
        r"followed\s+(?:you|u|ya)\s+(?:back\s+)?(?:on|back)|follow\s+back|(?:insta|instagram|\big\b|twitter|tiktok|snap|snapchat|facebook|\bfb\b|spotify|linkedin|youtube|twitch)",
        r"(?:can|cn)\s+see\s+(?:you|u)\s+(?:now|rn)\s*(?:on|in)\s+(?:the\s+)?(?:screen|camera|call|video|facetime|zoom|teams|stream)|facetime|video\s+call|zoom|on\s+camera|on\s+telly|on\s+tv|on\s+the\s+news|livestream",
        r"(?:you|u)\s+looked\s+\S+\s+(?:today|earlier|tonight)\s+(?:at|in)\s+(?:the\s+)?(?:wedding|meeting|party|graduation|class|lecture|assembly|presentation|gig|match)|at\s+the\s+(?:wedding|party|graduation|meeting)",
    ],
    "image_abuse": [
        *_REPORTED, _NEGATION, _NEGATION_INTL,
        r"(?:holiday|wedding|party|graduation|baby|birthday|christening|school|group|team|dog|cat|house|car|food|meal|trip)\s+(?:pics|photos|pictures|videos|vids|snaps)|"
        r"(?:pics|photos|pictures|videos|vids|snaps)\s+(?:from|of)\s+(?:the|our|my|last|yesterday|today|tonight|this|that)\s+(?:wedding|party|holiday|trip|night|weekend|day|match|game|meal|dinner|event|do)|"
        r"(?:delete|deleted|deleting|remove|removed)\s+(?:all\s+)?(?:your|ur|the|those)\s+(?:pics|photos|nudes|videos)",
    ],
    "coercion": [*_REPORTED],
    "coercion.self_harm": [
        (_LAUGH, _SERIOUS), _NEGATION, _NEGATION_INTL,
        r"(?:exam|exams|test|results|homework|essay|deadline|work\s+tomorrow|monday|meeting|traffic|queue|this\s+heat|hangover|diet|gym|the\s+bill|spoil|spoiler)",
    ],
    "coercion.possessive": [
        (_LAUGH, _POSSESSIVE_SERIOUS), (_LOVE, _POSSESSIVE_SERIOUS),
        r"(?:seat|chair|spot|sofa|fries|chips|food|drink|pint|slice|pizza|cake|jumper|hoodie|charger|turn|side\s+of\s+the\s+bed|go)\b\s*(?:is|are|'s|s)\s+mine|"
        r"not\s+allowed\s+to\s+(?:leave|go)\s+(?:the|this|until|till|before|without\s+(?:a\s+)?(?:coat|jacket|breakfast|paying))|"
        r"not\s+leaving\s+(?:without|the|this|until|till|yet|before|now|tonight|today|tomorrow|work|school|early|at)|"
        r"not\s+going\s+anywhere\s+(?:near|till|until|without|tonight|today|yet)|"
        r"(?:dinner|party|meeting|shift|gym|match|game|cinema|film|lesson|class|session|house|flat|early)",
    ],
}

# --------------------------------------------------------------------------------------
# Compilation (devtriage.text.rules)
# --------------------------------------------------------------------------------------

_MACRO_WEIGHT = {"you": 1, "youre": 1, "youll": 2, "ill": 1, "adv": 0, "hv": 4, "tgt": 1,
                 "body": 4, "prop": 4, "laugh": 2, "img": 4}
_STOPWORDS = {
    "if", "or", "and", "then", "again", "one", "more", "time", "see", "know", "where", "what",
    "which", "who", "have", "got", "get", "with", "all", "will", "can", "can't", "not",
    "your", "ur", "nice", "people", "watch", "back", "pay", "send", "or else", "else",
    "jak", "jeśli", "jesli", "jeżeli", "se", "si", "wenn", "agar", "agr", "sei", "sé", "sais",
    "weiß", "wiem", "pata", "tu", "du", "ich", "je", "eu", "yo", "main", "mai", "tum",
}

RULESET = _rules.RuleSet(FAMILIES, RULES, GUARDS, _MACROS, languages=LANGUAGES,
                         macro_weights=_MACRO_WEIGHT, stopwords=_STOPWORDS)


def pattern(name: str, lang: str | None = None) -> str:
    """RE2 text of a code's rules (one language, or all joined: slow as one regex)."""
    return RULESET.pattern(name, lang)


def match(bodies, family: str) -> tuple[np.ndarray, np.ndarray]:
    """Per row: whether a body matches ``family`` (a key of :data:`FAMILIES` or one code)
    and which code: ``(hit, codes)``, a bool array and an object array (None where no
    hit). ``bodies``: an Arrow string array / chunked array or a sequence of str/None; a
    null or empty body never matches."""
    return RULESET.match(bodies, family)


def match_all(bodies) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """:func:`match` for every family, sharing one prefilter pass over the rows."""
    return RULESET.match_all(bodies)


def guarded(bodies, family: str) -> np.ndarray:
    """Rows a guard of ``family`` vetoes (see :meth:`RuleSet.guarded`)."""
    return RULESET.guarded(bodies, family)


def span(body: str | None, family: str) -> tuple[int, int] | None:
    """``(start, end)`` of the phrase that made ``body`` match ``family`` (None if it
    does not match, or is vetoed by a guard)."""
    return RULESET.span(body, family)


def spans(bodies, family: str, codes: np.ndarray | None = None) -> list[tuple[int, int] | None]:
    """:func:`span` for every row (pass ``codes`` from :func:`match` to skip re-matching)."""
    return RULESET.spans(bodies, family, codes)
