"""Word classes for the threat-language model's back-off n-grams.

A threat is a structure more than a vocabulary: an intent ("ill", "gonna", "vou"), a harm
("stab", "batter", "zabiję"), a target ("you", "him", "cię"), sometimes a condition ("if",
"wenn", "agar") or a time ("tonight"). A linear model over word n-grams learns the
structures it has seen with the words it has seen them with; it does not know that "ill
glass you" is built like "ill stab you". So the model also hashes n-grams over a second
stream of the same tokens in which every word of a class below is replaced by its class
and every other word by one filler token: "ill glass u tonight" -> ``intent harm you
time``. Those class n-grams carry a threat's shape to words and languages the training
text has few examples of, while the ordinary piece and character n-grams keep the detail.

The lists are the developers' own, lower-case (the tokenizer folds case), whole words in
the languages of the corpus (en, pl, pt, es, fr, de, ur-Latn). Only words that the trained
tokenizer keeps as one whole-word piece take part (the rest stay ordinary pieces); the
resulting piece -> class table is stored with the weights (``classes`` in the ``.npz``), so
inference needs no word lists. Changing a list changes the model: retrain.
"""

from __future__ import annotations

WORD_CLASSES: dict[str, str] = {
    "harm": """
        kill killing kills murder murda stab stabbed stabbing shoot shooting shank shanked merk merked
        batter battered beat beating bash smash smashed hurt hurting harm strangle strangling choke choking
        burn burning torch torched bury slit slash snap drown drowning hang punch punched kick kicked
        glass glassed acid wreck destroy maim cripple rape gut slice deck leather slap slapped
        butcher mutilate bleed bleeding stamp
        zabić zabije zabiję zabijem zajebię zajebie zajebać pobiję pobije dźgnę spalę połamię połamie
        udusić uduszę zakopię zakopie skatuję rozwalę
        matar mato mata matarei matava esfaquear esfaqueio queimar queimo bater espancar furar
        enterrar enforcar
        mataré matarte matarlo matarla apuñalar apuñalo quemar quemo reventar reviento pegar
        tuer tue tuerai buter bute crever brûler brûlerai cramer défoncer planter égorger étrangler
        umbringen bring töten töte abstechen erstechen verbrennen zerstören schlagen aufschlitzen
        erwürgen abknallen
        maar maarunga maaronga maardunga qatal jala jalaunga jaladunga kaat kaatunga
    """,
    "death": """
        dead die dies died dying death grave graves coffin funeral hospital blood suffer suffering regret
        corpse buried ambulance wheelchair bullet bullets
        martwy martwa martwe trup zdechniesz zdechnie umrzesz umrze śmierć grób trumna
        morto morta mortos morrer morres morrerás caixão sangue
        muerto muerta muertos morir morirás mueres sangre tumba
        mort morte morts mourir mourras crever cercueil sang
        tot tote tod sterben stirbst stirbt grab sarg blut
        maut marega maregi mar mara mari qabar khoon
    """,
    "weapon": """
        knife knives gun guns bat hammer blade machete crowbar petrol lighter rope axe shotgun
        nóż noza nożem pistolet siekiera benzyna
        faca pistola arma gasolina machado
        cuchillo navaja gasolina hacha
        couteau flingue arme essence hache
        messer waffe pistole benzin axt
        chaku churi bandook pistol petrol
    """,
    "you": """
        you u ya yu ur your yours yourself youre ure yer
        ty cię cie ciebie tobie tobą twój twoja twoje twoi
        você voce vc tu te ti teu tua teus tuas contigo
        tú ti tu tus contigo usted
        toi tes ton ta vous votre
        du dich dir dein deine deinen deinem
        tum tumhe tumhari tumhara tujhe tera teri tere tjhe
    """,
    "them": """
        him her them he she they his their hes shes
        on ona oni jego ją jej go ich mu
        ele ela eles elas dele dela
        él ella ellos ellas lo la le les
        il elle ils elles lui eux
        er sie ihn ihm ihr
        woh usko usse uski uska unko inko
    """,
    "intent": """
        ill gonna gunna going will wanna want gon imma ima shall gna gona
        będę bede zaraz chcę chce
        vou vais vai irei vamos quero
        voy vas va vamos quiero
        vais vas va veux
        werde wirst will
        doonga dunga gaa ga karunga karoonga
    """,
    "condition": """
        if unless when till until otherwise else
        jeśli jesli jeżeli jak gdy bo albo
        se caso senão quando
        si sino cuando
        si sinon quand
        wenn falls sonst
        agar warna jab
    """,
    "time": """
        tonight tomorrow tmrw 2nite later soon weekend friday monday night morning
        dziś dzisiaj jutro wieczorem
        hoje amanhã amanha logo noite
        hoy mañana noche pronto
        soir demain bientôt nuit
        heute morgen nacht bald
        aaj kal raat jaldi
    """,
    "family": """
        mum mam mom mother dad father sister brother nan kids kid son daughter baby family boyfriend
        girlfriend husband wife fella bloke partner
        matka mama ojciec tata siostra brat dzieci córka syn rodzina chłopak mąż
        mãe mae pai irmã irmão filhos filha filho família namorado marido
        madre padre hermana hermano hijos hija hijo familia novio marido
        mère père sœur frère enfants fille fils famille copain mari
        mutter vater schwester bruder kinder tochter sohn familie freund mann
        ammi abbu behen bhai bachay bachon beti beta family
    """,
    "place": """
        house home flat door window car work street address outside gym school office
        dom domu mieszkanie drzwi okno samochód praca pracy ulica adres
        casa porta janela carro trabalho rua morada endereço
        casa puerta ventana coche trabajo calle dirección
        maison porte fenêtre voiture travail rue adresse
        haus wohnung tür fenster auto arbeit straße adresse
        ghar darwaza gaari kaam gali
    """,
    "watch": """
        see saw seen watch watching watched follow following followed track tracking tracker know knew
        where outside location
        widzę widziałem widzialem wiem gdzie śledzę
        vi vejo sei onde sigo
        vi veo sé dónde sigo
        vu vois sais où suis
        sehe sah weiß wo folge
        dekha dekhta pata kahan
    """,
    "image": """
        pics pictures photos photo nudes nude video videos vids tape screenshots screenshot pic
        zdjęcia zdjęć fotki nagie filmik nagranie
        fotos fotografias nudes vídeo video vídeos
        fotos desnudos vídeo videos
        photos nudes vidéo vidéos
        fotos bilder nacktbilder video videos
        tasveer tasveeren photos video
    """,
    "share": """
        send post share upload leak show sending posting sharing everyone online
        wyślę wrzucę pokażę udostępnię wszyscy
        mando envio posto mostro partilho todos
        mando envío subo enseño todos
        envoie envoyer poste montre tout
        schicke poste zeige alle
        bhejunga dikhaunga sab
    """,
    "self": """
        myself me i im i'm
        siebie sobą sobie ja
        mim eu
        mí yo
        moi je
        mich ich
        khud mein main
    """,
    "own": """
        mine belong belongs own nobody noone anyone else
        moja mój należysz nikt
        minha meu pertences ninguém
        mía mío perteneces nadie
        mienne mien appartiens personne
        meine mein gehörst niemand
        meri mera koi
    """,
    "laugh": """
        lol lmao lmfao haha hahaha hehe rofl jk kidding joke joking 😂 🤣 xd kkk kkkk jaja jajaja mdr ptdr
        hihi
    """,
    "negation": """
        not never wouldnt dont didnt cant wont no nie nigdy não nao nunca jamais pas nicht nie kabhi nahi
        nahin mat
    """,
    "game": """
        fifa cod fortnite warzone apex game games match round level boss lobby camping camper campers
        respawn ranked league team pitch ref referee goal gra mecz jogo partida juego partido jeu
        spiel khel
    """,
}


def classes() -> dict[str, str]:
    """word -> class name (a word listed under two classes keeps the first)."""
    out: dict[str, str] = {}
    for name, words in WORD_CLASSES.items():
        for w in words.split():
            out.setdefault(w, name)
    return out
