"""Threat-language rules: hand-written positives and hard negatives per code and
language, the guard policy, spans, nulls and a throughput floor."""

from __future__ import annotations


import numpy as np
import pyarrow as pa
import pytest

from devtriage.text import threats
from devtriage.text.threats import FAMILIES, match, match_all, span, spans

# code -> language -> (positives, hard negatives). A positive must come back with
# exactly that code from its family; a negative must not match that code.
CASES: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "threat.direct": {
        "en": (
            ["I'll kill you", "im gonna stab u when i see u", "I will bury you in the back garden",
             "you're dead", "ur fucking dead mate", "I'm going to batter your new boyfriend",
             "ill burn your house down", "I'll break your legs",
             "I swear I'll hurt your kids", "Im going to put you in the ground"],
            ["I'd never hurt you", "I won't kill you, relax", "he said he'd kill me",
             "I could kill for a coffee", "you're dead to me", "my feet are killing me",
             "I'll kill you in fifa next round", "I'm dead 💀", "mum will kill you if you're late",
             "that was dead funny", "I'll kill you lol you spoiled it"],
        ),
        "pl": (["zabiję cię", "Jesteś trupem", "już nie żyjesz", "połamię ci nogi",
                "podpalę ci dom", "zajebię go"],
               ["nigdy cię nie skrzywdzę", "zabiję cię haha", "on powiedział że mnie zabije",
                "zabił mnie ten film", "trup w serialu", "nie żyje mi kwiatek"]),
        "pt": (["vou-te matar", "eu te mato", "estás morto", "vou te partir a cara",
                "és um homem morto", "vou queimar a tua casa"],
               ["nunca te vou matar", "ele disse que me mata", "estou morta de cansaço kkkk",
                "morto de fome", "te mato kkkkk", "vou matar a saudade"]),
        "es": (["te voy a matar", "te mato", "estás muerto", "voy a partirte la cara",
                "eres hombre muerto", "te voy a quemar la casa"],
               ["nunca te voy a matar", "él dijo que me mata", "estoy muerta de risa",
                "te mato jajaja", "me muero de hambre", "voy a matar el tiempo"]),
        "fr": (["je vais te tuer", "je te bute", "t'es mort", "je vais brûler ta maison",
                "je vais te défoncer", "tu es mort"],
               ["je vais jamais te tuer", "il m'a dit qu'il va me tuer", "je suis mort de rire",
                "je te tue mdr", "mort de fatigue", "je vais tuer le temps"]),
        "de": (["ich bring dich um", "ich werde dich umbringen", "du bist tot",
                "ich stech dich ab", "ich mach dich fertig", "ich zünde dein auto an"],
               ["ich würde dich niemals umbringen", "er hat gesagt ich bring dich um",
                "ich bin todmüde", "ich bring dich um haha", "totlachen", "du bist so süß"]),
        "ur-Latn": (["main tumhe maar dunga", "tujhe jaan se maar dunga", "teri jaan le lunga",
                     "tujhe zinda nahi chhorunga", "tumhe maar doonga", "mai tujhe maar dungi"],
                    ["usne kaha main tumhe maar dunga", "main tumhe kabhi nahi maar sakta",
                     "tumhe maar dunga lol", "garmi se mar gaya", "bhook se mar raha hoon",
                     "maar khayi team ne"]),
    },
    "threat.normative": {
        "en": (
            ["people like you should be shot", "they all deserve to die", "someone should put a bullet in him",
             "every last one of them should be hanged", "you people need to be wiped out",
             "somebody needs to shoot that prick", "I hope you die in a fire", "all of them deserve a bullet",
             "those bastards should be burned alive", "he should be lined up and shot"],
            ["saying people like her should be shot is disgusting", "no one deserves to die",
             "do you think they all deserve to die?", "the judge said he should be jailed",
             "in the finale the villain deserves to die", "he said they should all be shot",
             "nobody should be killed for that", "I don't think they deserve to die",
             "they should be shot for that haircut lol", "you should get some sleep"],
        ),
        "pl": (["tacy jak ty powinni zginąć", "oni wszyscy zasługują na śmierć", "trzeba ich wszystkich rozstrzelać",
                "niech zdechną", "ktoś powinien go zastrzelić", "ludzie tacy jak on powinni wisieć"],
               ["nikt nie zasługuje na śmierć", "czy oni zasługują na śmierć?", "powiedział że powinni zginąć",
                "oni powinni przyjść jutro", "trzeba ich zaprosić", "ta postać w serialu powinna zginąć"]),
        "pt": (["gente como tu devia morrer", "eles todos merecem morrer", "alguém devia matá-lo",
                "pessoas como ele deviam levar um tiro", "vocês deviam ser queimados", "morte a todos eles"],
               ["ninguém merece morrer", "eles deviam vir jantar", "ele disse que deviam morrer",
                "achas que eles merecem morrer?", "a personagem da novela merece morrer", "eles merecem um prémio"]),
        "es": (["gente como tú debería morir", "todos ellos merecen morir", "alguien debería matarlo",
                "ellos deberían ser fusilados", "que se mueran todos", "merecen un tiro"],
               ["nadie merece morir", "ellos deberían venir mañana", "dijo que merecen morir",
                "¿crees que merecen morir?", "el villano de la serie merece morir", "merecen un premio"]),
        "fr": (["les gens comme toi devraient mourir", "ils méritent tous de crever", "quelqu'un devrait le buter",
                "ils devraient être fusillés", "qu'ils crèvent tous", "tu mérites de mourir"],
               ["personne ne mérite de mourir", "ils devraient venir demain", "il a dit qu'ils méritent de mourir",
                "tu penses qu'ils méritent de mourir ?", "le méchant de la série mérite de mourir",
                "ils méritent des vacances"]),
        "de": (["leute wie du sollten erschossen werden", "die sollten alle sterben", "jemand sollte ihn umbringen",
                "menschen wie er gehören aufgehängt", "sollen sie alle verrecken", "die verdienen den tod"],
               ["niemand verdient den tod", "die sollten morgen kommen", "er sagte die sollten alle sterben",
                "glaubst du die verdienen den tod?", "der bösewicht in der serie sollte sterben", "die verdienen urlaub"]),
        "ur-Latn": (["in sab ko maar dena chahiye", "tum jaise logon ko goli maar deni chahiye",
                     "ye log marne ke laiq hain", "koi isko goli maar de", "aise logon ko phansi de deni chahiye",
                     "tum maut ke haqdar ho"],
                    ["koi bhi marne ka haqdar nahi", "in sab ko bula lena chahiye", "usne kaha inko maar dena chahiye",
                     "kya ye log marne ke laiq hain?", "drama mein villain ko maar dena chahiye", "ye log inaam ke haqdar hain"]),
    },
    "threat.conditional": {
        "en": (
            ["if you leave me I'll kill you", "if u ever go to the police ur dead",
             "If I see you with him again", "answer your phone or else",
             "do that again and I'll smash your face in", "one more word and you're dead",
             "if you block me you'll regret it", "you better pick up or else"],
            ["if you want I'll pick you up", "should we go now or else?",
             "he said if I leave he'll kill me", "if you spoil the ending I'll kill you lol",
             "I'd never hurt you even if you left", "if you see him say hi",
             "leave by 6 or else we'll miss the train"],
        ),
        "pl": (["jeśli mnie zostawisz to cię zabiję", "jak go jeszcze zobaczę to cię zabiję",
                "odbierz albo pożałujesz", "jeżeli pójdziesz na policję to nie żyjesz",
                "jak mnie zablokujesz to pożałujesz", "bo inaczej cię zabiję"],
               ["jeśli chcesz to przyjadę", "jak będziesz w domu to napisz",
                "powiedział że jak odejdę to mnie zabije", "jeśli możesz zadzwoń",
                "jak wrócisz to zjemy", "bo inaczej się spóźnimy"]),
        "pt": (["se me deixares eu te mato", "se fores à polícia vais-te arrepender",
                "senão te mato", "se tu contares a alguém estás morto",
                "se você me bloquear vai se arrepender", "ou então vais ver"],
               ["se quiseres eu vou buscar-te", "se puderes liga-me", "ele disse que se eu sair me mata",
                "se chover ficamos em casa", "ou então vamos ao cinema", "senão chegamos tarde"]),
        "es": (["si me dejas te mato", "si vas a la policía te vas a arrepentir",
                "o si no te vas a enterar", "si se lo cuentas a alguien estás muerta",
                "si me bloqueas te arrepentirás", "si no vas a ver"],
               ["si quieres te recojo", "si puedes llámame", "él dijo que si lo dejo me mata",
                "si llueve nos quedamos", "o si no vamos al cine", "si no llegamos tarde"]),
        "fr": (["si tu me quittes je te tue", "si tu vas voir la police tu vas le regretter",
                "sinon je te tue", "si tu parles t'es mort",
                "si tu me bloques tu le regretteras", "sinon tu vas voir"],
               ["si tu veux je passe te prendre", "si tu peux appelle-moi",
                "il a dit que si je pars il me tue", "sinon on sera en retard",
                "si il pleut on reste", "sinon on va au ciné"]),
        "de": (["wenn du mich verlässt bring ich dich um", "wenn du zur polizei gehst bist du tot",
                "sonst bring ich dich um", "wenn du es erzählst wirst du es bereuen",
                "sonst bist du tot", "wenn du ihn triffst mach ich dich fertig"],
               ["wenn du willst hole ich dich ab", "wenn du kannst ruf mich an",
                "er sagte wenn ich gehe bringt er mich um", "sonst kommen wir zu spät",
                "wenn es regnet bleiben wir", "sonst gehen wir ins kino"]),
        "ur-Latn": (["agar tum ne mujhe chhora to main tumhe maar dunga",
                     "agar tum police gayi to pachtaogi", "agar tu usse mili to tujhe maar dunga",
                     "agar tumne block kiya to bohat pachtaoge", "agar tum gayi toh main maar dunga",
                     "agar aap ne bataya to pachtaoge"],
                    ["agar tum chaho to main aa jaunga", "agar time ho to call karna",
                     "usne kaha agar tum gayi to maar dunga", "agar barish hui to ghar rahenge",
                     "agar tum aao to khana kha lena", "agar ho sake to bata dena"]),
    },
    "threat.veiled": {
        "en": (
            ["you'll regret this", "watch your back", "you won't see it coming",
             "something bad will happen to you", "I know people", "sleep with one eye open",
             "this isn't over", "you'll pay for what you did", "you've been warned"],
            ["you'll regret not coming tonight", "you'll regret it in the morning after those shots",
             "I feel like something bad will happen", "I know people who've done that course",
             "the game isn't over till the whistle", "he said I'd regret this",
             "watch your back lol the boss is in a mood"],
        ),
        "pl": (["pożałujesz tego", "jeszcze mnie popamiętasz", "oglądaj się za siebie",
                "to jeszcze nie koniec", "znam ludzi", "pozalujesz"],
               ["nie pożałujesz tego filmu haha", "powiedział że pożałuję", "koniec filmu był super",
                "znam ten film", "pożałujesz że nie przyszłaś lol", "oglądam film"]),
        "pt": (["vais-te arrepender", "cuidado com as costas", "isto não acabou",
                "conheço pessoas", "vais pagar por isto", "você vai se arrepender"],
               ["vais-te arrepender de não vir kkkk", "ele disse que eu vou me arrepender",
                "a festa acabou", "conheço esse filme", "vou pagar a conta", "dói-me as costas"]),
        "es": (["te vas a arrepentir", "cuídate la espalda", "no lo verás venir",
                "duerme con un ojo abierto", "esto no ha terminado", "me las vas a pagar"],
               ["te vas a arrepentir de no venir jajaja", "ella dijo que me arrepentiré",
                "la peli ha terminado", "me duele la espalda", "conozco ese bar", "voy a pagar yo"]),
        "fr": (["tu vas le regretter", "surveille tes arrières", "tu le verras pas venir",
                "dors avec un œil ouvert", "je connais des gens", "tu me le paieras"],
               ["tu vas le regretter mdr c'est trop bon", "il a dit que je vais le regretter",
                "j'ai mal au dos", "je connais ce resto", "je paie l'addition", "le film est fini"]),
        "de": (["das wirst du bereuen", "du wirst es nicht kommen sehen", "das ist noch nicht vorbei",
                "ich kenne leute", "dafür wirst du bezahlen", "pass bloß auf"],
               ["du wirst es bereuen haha", "er sagte das wirst du bereuen", "ich zahle die rechnung",
                "das spiel ist vorbei", "ich kenne das lied", "pass auf dich auf ❤️"]),
        "ur-Latn": (["tum bohat pachtaoge", "dekh lunga tumhe", "ye abhi khatam nahi hua",
                     "mere bhi log hain", "sambhal ke rehna", "tu pachtayega"],
                    ["pachtaoge agar nahi aaye lol", "usne kaha tum pachtaoge", "film khatam hui",
                     "main dekh raha hoon movie", "log aa gaye", "khana khatam"]),
    },
    "surveillance.location": {
        "en": (
            ["I know where you live", "i know where u work now", "I know you moved",
             "I know your new address", "I found out where you live",
             "i know which school your kids go to", "I've got your new number"],
            ["I don't know where you live", "do you know where she lives?",
             "I know where you live, I'll drop your keys off tomorrow",
             "i know where you live lol", "he said he knows where I live",
             "what number is your flat?"],
        ),
        "pl": (["wiem gdzie mieszkasz", "wiem, gdzie pracujesz", "znam twój nowy adres",
                "wiem że się przeprowadziłaś", "wiem gdzie teraz mieszkasz", "mam twój numer"],
               ["nie wiem gdzie mieszkasz", "gdzie mieszkasz?", "on powiedział że wie gdzie mieszkam",
                "wiem gdzie mieszkasz haha wpadnę z ciastem", "mieszkam w centrum", "podaj adres"]),
        "pt": (["sei onde moras", "eu sei onde trabalhas", "sei a tua nova morada",
                "sei que te mudaste", "eu sei onde você mora", "sei o teu número"],
               ["não sei onde moras", "onde moras?", "ele disse que sabe onde eu moro",
                "sei onde moras kkkk", "moro em Lisboa", "manda a morada"]),
        "es": (["sé dónde vives", "sé donde trabajas", "sé tu nueva dirección",
                "sé que te has mudado", "ya sé dónde vives", "tengo tu número"],
               ["no sé dónde vives", "¿dónde vives?", "él dijo que sabe dónde vivo",
                "sé dónde vives jajaja", "vivo en Madrid", "pásame la dirección"]),
        "fr": (["je sais où tu habites", "je sais où tu bosses", "j'ai ta nouvelle adresse",
                "je sais que tu as déménagé", "je sais où tu vis", "je connais ta nouvelle adresse"],
               ["je sais pas où tu habites", "tu habites où ?", "il a dit qu'il sait où j'habite",
                "je sais où tu habites mdr", "j'habite à Lyon", "envoie l'adresse"]),
        "de": (["ich weiß wo du wohnst", "ich weiß, wo du arbeitest", "ich kenne deine neue adresse",
                "ich weiß dass du umgezogen bist", "ich habe deine nummer", "ich weiß wo du bist"],
               ["ich weiß nicht wo du wohnst", "wo wohnst du?", "er sagt er weiß wo ich wohne",
                "ich weiß wo du wohnst haha", "ich wohne in Berlin", "schick mir die adresse"]),
        "ur-Latn": (["mujhe pata hai tum kahan rehti ho", "mujhe pata hai tu kidhar kaam karti hai",
                     "mujhe tumhara naya ghar pata hai", "mujhe pata hai ke tum kahan ho",
                     "mujhe tumhara address maloom hai", "mjhe pta hai tum kahan jati ho"],
                    ["mujhe nahi pata tum kahan rehti ho", "tum kahan rehti ho?",
                     "usne kaha mujhe pata hai tum kahan ho", "mujhe pata hai lol",
                     "ghar ka address bhejo", "main Lahore mein rehti hoon"]),
    },
    "surveillance.watching": {
        "en": (
            ["I saw you with him", "I'm outside your house", "i'm watching you",
             "nice dress today", "I followed you home", "I can see you right now",
             "I've been watching you", "my mates saw you with that guy"],
            ["did you see him?", "I followed you on insta", "I'm outside the shop, where are you",
             "I can see you now on the video call", "I'm watching you in fifa lol",
             "she said she saw you with him", "I never saw you with anyone"],
        ),
        "pl": (["widziałem cię z nim", "obserwuję cię", "jestem pod twoim domem",
                "śledziłem cię", "widzę cię przez okno", "stoję pod twoim blokiem"],
               ["widziałeś go?", "nie widziałem cię", "ona powiedziała że cię widziała",
                "obserwuję cię na insta lol", "jestem pod sklepem", "widzimy się jutro"]),
        "pt": (["vi-te com ele", "estou à tua porta", "estou a observar-te", "te vi com outro",
                "segui-te até casa", "estou te vigiando"],
               ["viste-o?", "não te vi", "ela disse que te viu com ele", "estou à porta do café",
                "vi o filme", "segui o teu conselho"]),
        "es": (["te vi con él", "estoy fuera de tu casa", "te estoy vigilando", "te he visto con otro",
                "te seguí hasta tu casa", "te estoy observando"],
               ["¿lo viste?", "no te vi", "ella dijo que te vio con él", "estoy fuera del bar",
                "vi la peli", "te sigo en insta"]),
        "fr": (["je t'ai vue avec lui", "je suis devant chez toi", "je te surveille",
                "je t'ai suivie jusqu'à chez toi", "je t'observe", "je t'ai vu avec elle"],
               ["tu l'as vu ?", "je t'ai pas vu", "elle m'a dit qu'elle t'a vu avec lui",
                "je suis devant le cinéma", "j'ai vu le film", "je te suis sur insta"]),
        "de": (["ich hab dich mit ihm gesehen", "ich beobachte dich", "ich stehe vor deiner tür",
                "ich bin dir gefolgt", "ich bin vor deinem haus", "ich habe dich mit ihr gesehen"],
               ["hast du ihn gesehen?", "ich hab dich nicht gesehen", "sie sagt sie hat dich gesehen",
                "ich stehe vor dem kino", "ich folge dir auf insta", "ich hab den film gesehen"]),
        "ur-Latn": (["maine tumhe us ke sath dekha", "main tumhare ghar ke bahar hoon",
                     "main tumhe dekh raha hoon", "maine tumhara peecha kiya",
                     "mai tumhare office ke samne khara hoon", "maine tujhe kisi ke sath dekha"],
                    ["tumne usse dekha?", "usne kaha usne tumhe dekha", "main ghar ke bahar hoon",
                     "film dekh raha hoon", "main tumhe dekh raha hoon lol", "dekho ye video"]),
    },
    "image_abuse.share": {
        "en": (
            ["I'll post your nudes", "im gonna send your mum those pics",
             "everyone will see your nudes", "pay me £500 or I'll post the video",
             "I still have your nudes", "your nudes are going online tonight",
             "I'll leak the sex tape", "I'll send everyone the pics of you naked"],
            ["I'd never share your pics", "I'll send you the wedding pics",
             "she told me he'd post the pics", "I'll post the holiday photos tonight",
             "I deleted all your pics like you asked", "can you send me the pics from last night",
             "I won't post anything, promise"],
        ),
        "pl": (["wrzucę twoje nagie zdjęcia", "wyślę twoje zdjęcia", "roześlę wszystkim twoje nagrania",
                "pokażę twojej matce te zdjęcia", "twoje zdjęcia trafią do sieci", "opublikuję twoje fotki"],
               ["nigdy nie wrzucę twoich zdjęć", "wyślę ci zdjęcia z wesela", "on mówi że wrzuci zdjęcia",
                "usuń te zdjęcia", "fajne zdjęcia", "zdjęcia z wakacji są super"]),
        "pt": (["vou postar as tuas fotos", "vou mandar os teus nudes", "vou espalhar as tuas fotos nuas",
                "todo mundo vai ver as tuas fotos", "vou vazar os teus nudes", "vou publicar as suas fotos íntimas"],
               ["nunca vou postar nada", "vou mandar as fotos do casamento", "ele disse que vai postar",
                "apaga as fotos", "que fotos lindas", "fotos das férias"]),
        "es": (["voy a subir tus fotos", "te voy a mandar tus nudes", "voy a publicar tus fotos desnuda",
                "todo el mundo va a ver tus fotos", "voy a pasar tus videos", "voy a filtrar tus fotos"],
               ["nunca voy a subir tus fotos", "te mando las fotos de la boda", "él dijo que va a subir",
                "borra esas fotos", "qué fotos tan bonitas", "fotos del viaje"]),
        "fr": (["je vais publier tes photos", "je vais envoyer tes nudes", "je vais balancer tes photos intimes",
                "tout le monde va voir tes photos", "je vais diffuser tes vidéos", "je vais poster tes photos"],
               ["je vais jamais publier tes photos", "je t'envoie les photos du mariage",
                "il a dit qu'il va poster", "supprime ces photos", "belles photos", "photos des vacances"]),
        "de": (["ich schicke deine nacktbilder", "ich werde deine fotos veröffentlichen",
                "ich poste deine nacktfotos", "jeder wird deine nacktbilder sehen",
                "ich zeige deiner mutter die fotos", "ich stelle deine videos online"],
               ["ich würde niemals deine fotos posten", "ich schick dir die hochzeitsfotos",
                "er sagt er postet die bilder", "lösch die fotos", "schöne bilder", "urlaubsfotos"]),
        "ur-Latn": (["tumhari pics viral kar dunga", "tumhari tasveerein sab ko bhej dunga",
                     "teri videos leak kar dunga", "tumhari photos ghar walon ko bhej dunga",
                     "tumhari private pics post kar dunga", "tumhari video viral kardunga"],
                    ["usne kaha pics viral kar dega", "shadi ki pics bhejo", "ye pics delete karo",
                     "achi tasveer hai", "kabhi nahi karunga post", "photos bhej do"]),
    },
    "coercion.self_harm": {
        "en": (
            ["if you leave I'll kill myself", "my blood is on your hands",
             "I'll kill myself and it'll be your fault", "if u block me im gonna end it",
             "come back or I'll hurt myself", "it'll be your fault when I die",
             "without you I'll kill myself"],
            ["I'll kill myself if I fail this exam lol", "I would never hurt myself",
             "she said she'd kill herself", "if you need me I'll be at home",
             "this heat is killing me", "I'll kill myself laughing",
             "if you leave I'll be so sad"],
        ),
        "pl": (["jeśli mnie zostawisz to się zabiję", "jak odejdziesz zabiję się",
                "moja krew będzie na twoich rękach", "jeśli mnie zablokujesz to zrobię sobie krzywdę",
                "jeżeli odejdziesz skończę ze sobą", "jak mnie zostawisz to się zabiję"],
               ["ona powiedziała że się zabije", "jeśli chcesz przyjdę", "zabiję się ze śmiechu haha",
                "jak zdam egzamin to się napiję", "krew z nosa", "nie zrobię sobie krzywdy"]),
        "pt": (["se me deixares eu me mato", "se você me deixar vou me matar",
                "o meu sangue vai ficar nas tuas mãos", "se me bloqueares mato-me",
                "se fores embora eu me mato", "se me largares vou-me matar"],
               ["ela disse que se mata", "se quiseres vou contigo", "me mato de rir kkkk",
                "nunca me vou matar", "sangue no nariz", "se chover fico em casa"]),
        "es": (["si me dejas me mato", "si te vas me voy a matar", "mi sangre estará en tus manos",
                "si me bloqueas me suicido", "si me dejas me quito la vida", "si te vas con él me mato"],
               ["ella dijo que se mata", "me muero de risa jaja", "si quieres voy",
                "sangre en la nariz", "si llueve me quedo", "me mato estudiando para el examen"]),
        "fr": (["si tu me quittes je me tue", "si tu pars je vais me tuer", "mon sang sera sur tes mains",
                "si tu me bloques je me suicide", "ce sera ta faute si je meurs", "si tu me laisses je me tue"],
               ["il a dit qu'il se tue", "je suis mort de rire", "si tu veux je viens",
                "j'ai saigné du nez", "si il pleut je reste", "je me tue au travail pour l'examen"]),
        "de": (["wenn du mich verlässt bring ich mich um", "wenn du gehst töte ich mich",
                "mein blut klebt an deinen händen", "wenn du mich blockierst tu ich mir was an",
                "wenn du mich verlässt bringe ich mich um", "wenn du ihn wählst bring ich mich um"],
               ["er sagt er bringt sich um", "ich lach mich tot", "wenn du willst komme ich",
                "nasenbluten", "wenn es regnet bleibe ich", "die prüfung bringt mich um"]),
        "ur-Latn": (["agar tum ne mujhe chhora to main khud ko maar lunga",
                     "agar tum gayi to main khudkushi kar lungi",
                     "agar tumne block kiya to main mar jaunga",
                     "meri maut ki zimmedar tum ho", "agar tu gayi to khud ko khatam kar lunga",
                     "agar aap ne chhora to main khudkushi kar lunga"],
                    ["usne kaha wo khudkushi kar lega", "agar tum chaho to aa jao", "hans hans ke mar gaya",
                     "garmi se mar jaunga", "agar barish hui to ghar", "main theek hoon"]),
    },
    "coercion.possessive": {
        "en": (
            ["if I can't have you no one can", "you're mine and no one else's",
             "you don't get to leave me", "you belong to me", "you're not allowed to see your friends",
             "I won't let you leave", "you'll never be with anyone else"],
            ["you're mine 😘", "that seat is mine", "you're not leaving without a coat",
             "I'll never let you down", "she said you belong to her",
             "you don't get to pick the film again lol", "you belong to me forever babe 🥰"],
        ),
        "pl": (["jeśli nie mogę cię mieć to nikt nie będzie", "jesteś moja i niczyja",
                "nie odejdziesz", "jesteś moja na zawsze", "nie pozwolę ci odejść", "nie zostawisz mnie"],
               ["jesteś moja 😘", "to moje miejsce", "on powiedział że jestem jego", "moja kawa",
                "jesteś mój ulubiony haha", "moja mama"]),
        "pt": (["se eu não posso te ter ninguém pode", "tu és minha e de mais ninguém",
                "és minha para sempre", "não vais me deixar", "não te deixo ir", "você é minha só minha"],
               ["és minha 😘", "esse lugar é meu", "ele disse que sou dele", "a minha mãe",
                "és o meu favorito kkk", "meu carro"]),
        "es": (["si no eres mía no serás de nadie", "si no puedo tenerte nadie podrá",
                "eres mía y de nadie más", "no me vas a dejar", "no te dejaré ir", "eres mía para siempre"],
               ["eres mía 😘 jaja", "ese asiento es mío", "él dijo que soy suya", "mi madre",
                "mi coche", "no me dejes sola esta noche 🥺"]),
        "fr": (["si je ne peux pas t'avoir personne ne t'aura", "tu es à moi",
                "tu me quitteras jamais", "t'es à moi", "tu ne me quitteras pas", "tu es à moi et à personne d'autre"],
               ["tu es à moi 😘", "cette place est à moi", "il m'a dit que je suis à lui",
                "ma mère", "mon chat", "à moi de jouer"]),
        "de": (["wenn ich dich nicht haben kann soll dich keiner haben", "du gehörst mir",
                "du wirst mich nie verlassen", "ich lass dich nicht gehen", "du gehörst nur mir",
                "du kannst mich niemals verlassen"],
               ["du gehörst mir 😘", "der platz gehört mir", "er sagte du gehörst ihm",
                "meine mutter", "mein auto", "das gehört mir nicht"]),
        "ur-Latn": (["agar tum meri nahi ho sakti to kisi ki nahi", "tum sirf meri ho",
                     "tum mujhe chhor kar nahi ja sakti", "tu sirf meri hai",
                     "agar tum meri nahi hui to kisi aur ki nahi", "tum mujhe chod kar nahi jaogi"],
                    ["tum sirf meri ho 😘", "usne kaha tum sirf uski ho", "meri ammi",
                     "meri gaari", "meri kitaab", "tum meri dost ho"]),
    },
}


def _family(code: str) -> str:
    return code.split(".", 1)[0]


def test_every_code_and_language_has_enough_cases():
    for code in threats.CODES:
        for lang in threats.LANGUAGES:
            pos, neg = CASES[code][lang]
            assert len(pos) >= 6 and len(neg) >= 6, (code, lang)


@pytest.mark.parametrize("code", threats.CODES)
def test_positives_and_hard_negatives(code):
    fam = _family(code)
    missed, false = [], []
    for lang, (pos, neg) in CASES[code].items():
        hit, codes = match(pa.array(pos), fam)
        missed += [(lang, t, c) for t, c in zip(pos, codes) if c != code]
        hit, codes = match(pa.array(neg), fam)
        false += [(lang, t, c) for t, c in zip(neg, codes) if c == code]
    assert not missed, missed
    assert not false, false


@pytest.mark.parametrize("text,family", [
    # negation
    ("I'd never hurt you", "threat"), ("I won't kill you", "threat"),
    ("I'm not going to post anything", "image_abuse"), ("I would never hurt myself", "coercion"),
    # reported speech
    ("he said he'd kill me", "threat"), ("she told me he'd post the pics", "image_abuse"),
    ("my ex keeps saying I know where you live", "surveillance"),
    # jokes
    ("I'll kill you lol", "threat"), ("you're mine 😘", "coercion"),
    # gaming
    ("you're dead next round", "threat"), ("I'll kill you in fifa", "threat"), ("gg I'll end you 1v1", "threat"),
    # idioms
    ("I'd kill for a coffee", "threat"), ("I'll kill you if you spoil the ending", "threat"),
    ("I'm dead 💀", "threat"), ("you're dead to me", "threat"),
])
def test_guards_veto(text, family):
    assert not match([text], family)[0][0], text
    assert span(text, family) is None


def test_laughter_does_not_veto_escalated_or_image_threats():
    assert match(["you're dead when I find you 😂"], "threat")[0][0]
    assert match(["I'll kill you lol, I'm not joking"], "threat")[0][0]
    assert match(["I'll post your nudes lol"], "image_abuse")[0][0]
    assert match(["if I can't have you no one can 😘"], "coercion")[0][0]


def test_spans_point_at_the_phrase():
    cases = [
        ("hey. if you leave me I'll kill you", "threat", "if you leave me I'll kill you"),
        ("ok whatever. I know where you live", "surveillance", "I know where you live"),
        ("Listen. I'll post your nudes tonight", "image_abuse", "I'll post your nudes"),
        ("babe my blood is on your hands", "coercion", "my blood is on your hands"),
        ("ZAWSZE. zabiję cię", "threat", "zabiję cię"),
    ]
    for text, fam, phrase in cases:
        s = span(text, fam)
        assert s is not None and text[s[0]:s[1]] == phrase, (text, s)
    texts = [c[0] for c in cases] + ["hello", None]
    got = spans(texts, "threat")
    assert got[0] == span(texts[0], "threat") and got[-1] is None and got[-2] is None


def test_nulls_empty_and_types():
    hit, codes = match(pa.array([None, "", "I'll kill you"], type=pa.string()), "threat")
    assert hit.tolist() == [False, False, True] and codes[0] is None
    hit, codes = match(pa.array([], type=pa.string()), "threat")
    assert hit.shape == (0,)
    hit, _ = match(pa.chunked_array([["you're dead"], [None]]), "threat")
    assert hit.tolist() == [True, False]
    assert span(None, "threat") is None and span("", "threat") is None
    with pytest.raises(ValueError):
        match(["x"], "nope")
    with pytest.raises(TypeError):
        match(pa.array([1, 2]), "threat")


def test_match_all_agrees_with_match():
    texts = [t for langs in CASES.values() for pos, neg in langs.values() for t in pos + neg]
    arr = pa.array(texts)
    every = match_all(arr)
    assert set(every) == set(FAMILIES)
    for fam in FAMILIES:
        hit, codes = match(arr, fam)
        assert (every[fam][0] == hit).all() and list(every[fam][1]) == list(codes), fam


def test_span_python_and_re2_agree():
    rs = threats.RULESET
    texts = [t for langs in CASES.values() for pos, _ in langs.values() for t in pos[:3]]
    for fam in FAMILIES:
        hit, codes = match(pa.array(texts), fam)
        for t, h, c in zip(texts, hit, codes):
            if h:
                assert rs.span_of(t, c) == rs.span_of(t, c, py_core=lambda code, lang: None), t


def test_chunks_stay_small_and_prefilter_is_superset():
    for c in threats.RULESET.compiled.values():
        assert all(len(p) <= threats._rules.CHUNK_CHARS + 200 for p in c.rules)
        for lang in c.cores:
            assert threats.pattern(c.code, lang)
    for code, langs in CASES.items():
        pos = [t for p, _ in langs.values() for t in p]
        anchors = threats.RULESET.family_anchors[_family(code)]
        assert threats._rules.any_match(pa.array(pos), anchors).all(), code


# issue 7, second pass: first-person intent and group targets (threat.direct)
GROUP_DIRECT = (
    ["I want to kill all of them", "I'll hurt any of them I find", "I'm going to end every one of them",
     "i wanna stab him", "I'd love to batter the lot of them", "I can't wait to kill them all",
     "I'm itching to hurt those people"],
    ["I don't want to hurt any of them", "is he going to kill me?", "I'm scared he'll hurt me",
     "I want to kill time before the film", "I'd love to beat all of them at chess",
     "he wants to kill all of them, I'm scared", "I want to end this call lol"],
)


def test_group_and_intent_forms_of_direct_threats():
    pos, neg = GROUP_DIRECT
    assert list(match(pos, "threat")[1]) == ["threat.direct"] * len(pos)
    assert not match(neg, "threat")[0].any(), [t for t, h in zip(neg, match(neg, "threat")[0]) if h]


@pytest.mark.parametrize("text", [
    # gaming in every language
    "du bist tot in der nächsten runde", "jesteś martwy w następnej rundzie", "te mato en la próxima ronda",
    "je te tue à la prochaine manche", "vou te matar na próxima partida", "tujhe maar dunga next game mein",
    # idioms of laughter / tiredness, and the laughing "I'm dead"
    "je suis mort de rire", "me muero de risa", "vc tá morto de cansaço", "du bist tot müde", "padam z nóg",
    "mar gaya hasi se", "I'm dead 💀", "im deadddd", "i'm actually dead 😭", "you're dead 😭😭 that meme",
])
def test_second_pass_guards(text):
    assert not match([text], "threat")[0][0], (text, match([text], "threat")[1][0])


def test_prefilter_is_selective_on_everyday_chat_and_match_all_agrees():
    # issue 7, third pass: explicit anchors keep the shared prefilter to a few percent of
    # everyday messages, and match_all (shared work) gives what match gives per family
    from devtriage.synth.text import Phrasebook
    pb, rng = Phrasebook.load(), np.random.default_rng(5)
    msgs = [a + " " + b for a, b in zip(pb.everyday(rng, "en", 4000), pb.everyday(rng, "en", 4000))]
    arr = pa.array(msgs + ["if you leave I'll kill you", "I know where you live"])
    passed = threats._rules.any_match(arr, threats.RULESET._all_anchors)
    assert passed.mean() < 0.05 and passed[-2:].all()
    every = match_all(arr)
    for fam in FAMILIES:
        hit, codes = match(arr, fam)
        assert (every[fam][0] == hit).all() and list(every[fam][1]) == list(codes), fam
