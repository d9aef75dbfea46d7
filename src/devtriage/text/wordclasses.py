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
        umbringen töten töte abstechen erstechen verbrennen zerstören schlagen aufschlitzen
        erwürgen abknallen
        maar maarunga maaronga maardunga qatal jala jalaunga jaladunga kaat kaatunga
        killed killin kil murders murdered murdering stabs stabbin shoots shootin shanks shanking merking murk
        murked murking batters battering beaten bashing bashed smashing smashes strangled choked burned burnt
        torching slitting slashed slashing drowned punching punches kicking glassing destroyed maimed crippled
        raped raping sliced slicing decked leathered slapping butchered mutilated stomp stomped stomping
        curbstomp headbutt smack smacked whack whacked pummel beatdown torture tortured kidnap kidnapped
        poison poisoned suffocate dismember behead slaughter assault assaulted knifed knifing gunned ruin
        suicide kys kms
        zabic zabijesz zabijemy zabijecie zabiją zabija zabiłbym zabilbym zabiłabym zabilabym zabiłem zabilem
        zabił zabil zabiła zabila zabij zabijcie zabity zabita zajebac zajebiesz zajebiemy zajebałbym
        zajebalbym zajebał zajebal pobić pobic pobijesz pobiłbym pobilbym pobity dźgnąć dzgnac dzgne dźgnie
        dzgnie spale spalić spalic polamie połamać polamac rozwale rozwalić rozwalic rozwali rozwalimy udusic
        udusze udusi zakopać zakopac skatuje skatować skatowac utopię utopie utopić utopic wykończę wykoncze
        wykończyć wykonczyc zatłukę zatluke zatłuc zatluc zamorduję zamorduje zamordować zamordowac potnę
        potne pociąć pociac poderżnę poderzne zarżnę zarzne rozjebię rozjebie zapierdolę zapierdole
        zapierdolić zapierdolic wpierdol wpierdolę wpierdole wpierdziel skopię skopie uderzę uderze zastrzelę
        zastrzele zastrzelić zastrzelic odstrzelę odstrzele podpalę podpale podpalić podpalic zgwałcę zgwalce
        zniszczę zniszcze zniszczyć zniszczyc dopadnę dopadne wypatroszę wypatrosze samobójstwo samobojstwo
        matas matamos matam matei mataria matarás mataras matará matara matando matado matá matalo matala
        esfaqueia esfaqueado esfaquearei queimarei espanco espancarei espancado bato enterrarei enforco
        degolar degolo arrebentar arrebento socar porrada surrar surra balear baleado atirar atiro tiro tiros
        estuprar estupro torturar sequestrar envenenar esganar esgano estrangular facada facadas ácido acido
        suicidar
        matare mataría matarías matarias mataremos matarán mataran mataste matarlos matarlas matarme apunalar
        apunalo apuñalaré apunalare apuñalarte apunalarte quemaré quemare quemarte reventaré reventare
        reventarte pegaré pegare pegarte golpear golpearé golpeare golpearte ahorcar estrangulo disparar
        dispararte balearte violar secuestrar degollar acuchillar descuartizar destrozar paliza palizas
        madrazo madrazos suicidarme
        tuerais tuera tuerons tues tué tuée tués tuez buterai flinguer flinguerai brûle brule bruler brulerai
        crame défonce defonce défoncerai defoncer defoncerai planterai égorge egorge égorgerai egorger
        etrangler étrangle etrangle étranglerai frapper frapperai cogner cognerai tabasser tabasse tabasserai
        massacrer massacrerai démolir demolir démolirai poignarder poignarde poignarderai violer noyer noierai
        étouffer etouffer enterrerai acide suicider
        umbringe umgebracht tötest tötet getötet toeten toete absteche abgestochen stech steche
        ersteche erstochen verbrenne zerstöre zerstoere schlage schlag verprügeln verprügle verpruegeln
        verpruegle prügeln prügel pruegel aufschlitze erwürge erwuerge erwuergen abknalle erschießen
        erschiessen erschieße erschiesse abmurksen abmurkse kaltmachen kaltmache fertigmachen plattmachen
        totschlagen totschlage totgeschlagen vergewaltigen vergewaltige säure saeure selbstmord
        maarun maaru maarungi maarongi marunga marungi maroonga maarna maarenge maardungi maardoonga maardenge
        marwa marwaunga marwadunga maro katal qatl katl jalaonga jalaungi katunga kaatungi kaatdunga ghonp
        ghonpunga pitai peetunga peetna pitunga thok thokunga todunga phodunga dafna dafnaunga tezab tezaab
        zabah zibah khudkushi
    """,
    "death": """
        dead die dies died dying death grave graves coffin funeral hospital blood suffer suffering regret
        corpse buried ambulance wheelchair bullet bullets
        martwy martwa martwe trup zdechniesz zdechnie umrzesz umrze śmierć grób trumna
        morto morta mortos morrer morres morrerás caixão sangue
        muerto muerta muertos morir morirás mueres sangre tumba
        mort morte morts mourir mourras crever cercueil sang
        tot tote tod sterben stirbst stirbt sarg blut
        maut marega maregi mar mara mari qabar khoon
        deaths ded graveyard cemetery casket morgue hearse corpses bodybag suffers suffered regrets regretting
        regretted hospitalised hospitalized icu paralysed paralyzed scar scars scarred
        martwi martwego martwą trupem trupa zdechnij zdychaj zdechniecie umrzyj umrzecie umrzeć umrzec
        umierasz śmierci smierc smierci grob grobie trumnie trumny krew krwi cmentarz cmentarzu pogrzeb
        pogrzebie szpital szpitalu szpitala pożałujesz pozalujesz pożałujecie pozalujecie żałować zalowac
        cierpieć cierpiec
        mortas morrerá morrera morreras morre morra morrendo morreu cova túmulo tumulo cemitério cemiterio
        enterro velório velorio caixao sangrar sangrando sofrer sofrerás sofreras arrepender arrependerás
        arrependeras cadáver cadaver defunto
        muertas moriras morirá morira muere muérete muerete morirte mueras murió murio muerte cementerio
        entierro ataúd ataud sufrir sufrirás sufriras arrepentirás arrepentiras arrepentir arrepentirte
        mortes meurs meurt mourrais mourra mourrez crève creve crèveras creveras cimetière cimetiere
        enterrement funérailles funerailles hôpital hopital cadavre saigner saigne saigneras souffrir
        souffriras regretter regretteras
        toter totes toten tode stirb sterbe gestorben starb friedhof beerdigung leiche krankenhaus bluten
        blutest leiden leidest bereuen bereust
        marna maroge marogi marja mout qabr kabar kabr janaza janaze laash kafan khun pachtaoge pachtaogi
        pachtayega tadpoge
    """,
    "weapon": """
        knife knives gun guns bat hammer blade machete crowbar petrol lighter rope axe shotgun
        nóż noza nożem pistolet siekiera benzyna
        faca pistola arma gasolina machado
        cuchillo navaja gasolina hacha
        couteau flingue arme essence hache
        messer waffe pistole benzin axt
        chaku churi bandook pistol petrol
        blades hammers pistols rifle rifles glock gat ammo cleaver katana sword dagger bats crossbow taser
        knuckleduster bomb explosives grenade firearm revolver
        noz noże noze nożyk nozyk spluwa spluwę spluwe spluwy broń bron pistoletu pistoletem siekierę siekiere
        siekierą maczeta maczetę maczete młotek mlotek młotkiem mlotkiem kij kijem benzynę benzyne benzyną
        kastet strzelba karabin nabój naboje
        facas facão facao peixeira armas martelo canivete espingarda fuzil isqueiro
        cuchillos navajas pistolas martillo bate escopeta encendedor mechero
        couteaux flingues armes calibre marteau batte machette fusil briquet cutter schlass surin kalash
        waffen pistolen knarre baseballschläger schläger feuerzeug gewehr klinge beil
        chaaku chakoo churri chhuri bandooq banduk goli goliyan tamancha talwar danda dande
    """,
    "you": """
        you u ya yu ur your yours yourself youre ure yer
        ty cię cie ciebie tobie tobą twój twoja twoje twoi
        você voce vc tu te ti teu tua teus tuas contigo
        tú ti tu tus contigo usted
        toi tes ton ta vous votre
        du dich dir dein deine deinen deinem
        tum tumhe tumhari tumhara tujhe tera teri tere tjhe
        youll ull yall youd youve yourselves yoself urself ye yous youse
        toba twoj twojej twojego twojemu twoją twoim twoich twoimi wy wam wami wasz wasza wasze waszego waszej
        ci cb
        vocês voces vcs seu sua seus suas vos vosso vossa convosco
        tuyo tuya tuyos tuyas ustedes vosotros vosotras vuestro vuestra
        tien tienne
        deiner deines euch euer eure euren eurem
        tujh tujhko tumhein tumhen tumko tumse tujhse tumhare tumhary teray terey tery aap apko aapko aapki
        aapka aapke tmhe tmhari tuje tujhay tujhey tumhain
    """,
    "them": """
        him her them he she they his their hes shes
        ona oni jego ją jej ich mu
        ele ela eles elas dele dela
        él ella ellos ellas lo la le les
        il elle ils elles lui eux
        er sie ihn ihm ihr
        woh usko usse uski uska unko inko
        em theirs themselves himself herself hers theyre theyll
        niego nią nia niej nim nich nimi jemu
        deles delas lhe lhes nele nela
        leur leurs
        ihnen ihre ihren ihrem ihrer seine seinen seinem
        usay usey usy uske unki unka unke unhe unhein inhe isko unse
    """,
    "intent": """
        ill gonna gunna going will wanna want gon imma ima shall gna gona
        będę bede zaraz chcę chce
        vou vais vai irei vamos quero
        voy vas va vamos quiero
        vais vas va veux
        werde wirst will
        doonga dunga gaa ga karunga karoonga
        finna boutta bouta goin wil gnna
        będziesz bedziesz będzie bedzie będziemy bedziemy zamierzam idę ide
        vão vao iremos ia vô vo pretendo
        iré ire
        allons allez vont
        werden wird werd
        dungi doongi denge dega degi karungi karenge kardunga kardungi kardoonga lunga loonga lungi
    """,
    "condition": """
        if unless when till until otherwise else
        jeśli jesli jeżeli jak gdy bo albo
        se caso senão quando
        si sino cuando
        si sinon quand
        wenn falls sonst
        agar warna jab
        til wen whenever
        jezeli jakby gdyby dopóki dopoki inaczej kiedy jakbyś jakbys gdybyś gdybys
        senao até
        hasta
        lorsque
        bis ansonsten sobald
        agr varna warnah
    """,
    "time": """
        tonight tomorrow tmrw 2nite later soon weekend friday monday night morning
        dziś dzisiaj jutro wieczorem
        hoje amanhã amanha logo noite
        hoy mañana noche pronto
        soir demain bientôt nuit
        heute morgen nacht bald
        aaj kal raat jaldi
        tonite tmr 2moro 2morrow 2morro tomoz tomorow 2night nite today 2day tday evening afternoon tuesday
        wednesday thursday saturday sunday midnight asap sooner someday
        dzis nocy nocą noca rano wkrótce wkrotce niedługo niedlugo później pozniej piątek piatek poniedziałek
        poniedzialek sobota niedziela kiedyś kiedys wieczór wieczor pojutrze
        hj tarde breve sexta sábado sabado domingo madrugada fds
        manana luego viernes lunes finde
        bientot tard vendredi samedi lundi dimanche ajd matin
        heut abend abends später spaeter freitag samstag montag sonntag wochenende übermorgen demnächst
        aj kl shaam subah subha jald parso
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
        mummy mommy mums moms dads sisters brothers grandma granny nana nanna grandad grandpa aunt auntie
        uncle cousin children child babies daughters sons bf gf hubby ex missus wifey fiance fiancee stepdad
        stepmum nephew niece parents
        matki matką matce matkę matke mamie mamę mame ojca ojcu taty tatę tate siostrę siostre siostry brata
        bratu dziecko dzieciaki córkę corke corka syna synem rodziny rodzinę rodzine chlopak chłopaka chlopaka
        dziewczyna dziewczynę dziewczyne żona żonę żony zony maz męża meza babcia babci dziadek narzeczona
        irma irmao mulher esposa namorada avó avô tio tia primo filhas irmãos irmaos crianças criancas bebê
        mamãe mamae papai esposo
        novia mamá papá papa hermanos hijas niños ninos niñas ninas abuela abuelo tío tía bebé mami
        mere pere soeur frere copine femme gosses gosse enfant maman papy oncle tante cousine daron daronne
        frangin frangine épouse
        mutti vati freundin frau kindern eltern oma opa onkel brüder ehemann ehefrau geschwister schwestern
        ammy amma maa abba abu behan bhen behn bhaiya bachche bache bachey bacha bachi biwi bivi shohar
        khawind gharwale gharwalon walid walida khala phuppo chacha mamu nani dadi bhabhi
    """,
    "place": """
        house home flat door window car work street address outside gym school office
        dom domu mieszkanie drzwi okno samochód praca pracy ulica adres
        casa porta janela carro trabalho rua morada endereço
        casa puerta ventana coche trabajo calle dirección
        maison porte fenêtre voiture travail rue adresse
        haus wohnung tür fenster auto arbeit straße adresse
        ghar darwaza gaari kaam gali
        houses homes doorstep doors windows cars workplace road postcode gate garden yard driveway uni college
        gaff crib garage porch apartment
        domem mieszkania mieszkaniu okna oknem oknie samochod samochodu auta autem pracę prace pracą robocie
        robota ulicy ulicę ulice adresu szkoła szkola szkole szkoły szkoly biuro biurze garaż
        endereco portão portao escola faculdade emprego serviço servico prédio predio apartamento quintal
        garagem bairro
        direccion escuela colegio oficina piso garaje barrio domicilio universidad
        fenetre boulot bureau école ecole appart appartement immeuble domicile lycée lycee fac taf bagnole
        quartier
        strasse zuhause hause schule büro buero wagen haustür haustuer wohnort firma
        ghr gaadi gadi gari darwazay darwaze khirki khidki dukaan dukan mohalla mohallay daftar naukri
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
        sees seeing follows tracked stalk stalking stalked stalker spy spying spied wya whr gps locate located
        locations hunt hunting hunted camera cameras cctv airtag spyware whereabouts
        widze widziałam widzialam sledze śledzić sledzic śledziłem sledzilem obserwuję obserwuje wiemy
        wiedziałem wiedzialem namierzę namierze
        vigio vigiando vigiar observando seguindo segui aonde rastrear rastreando localização localizacao
        espiando
        donde vigilo vigilando vigilar siguiendo ubicación ubicacion
        surveille surveiller suivi suivre traque traquer espionne localisation guette
        weiss seh gesehen beobachte beobachten verfolge verfolgen überwache standort
        dekh dekhna dekhti dekhunga kahaan kidhar peecha picha nazar maloom jaanta jaanti
    """,
    "image": """
        pics pictures photos photo nudes nude video videos vids tape screenshots screenshot pic
        zdjęcia zdjęć fotki nagie filmik nagranie
        fotos fotografias nudes vídeo video vídeos
        fotos desnudos vídeo videos
        photos nudes vidéo vidéos
        fotos bilder nacktbilder video videos
        tasveer tasveeren photos video
        pix naked vid recording recordings footage clip clips sextape nudies images image topless tapes
        zdjecia zdjec zdjęcie zdjecie fotka fotkę fotke foty nagich nago nagrania filmiki screeny screena
        nudesy nudeski
        foto nua nudez prints gravação gravacao gravei intimas íntimas
        desnuda desnudo desnudas capturas grabación grabacion
        nue nues intimes enregistrement
        bild nackt nacktfotos nacktvideo aufnahme aufnahmen
        tasweer tasveerain tasvir nangi nanga
    """,
    "share": """
        send post share upload leak show sending posting sharing everyone online
        wyślę wrzucę pokażę udostępnię wszyscy
        mando envio posto mostro partilho todos
        mando envío subo enseño todos
        envoie envoyer poste montre tout
        schicke poste zeige alle
        bhejunga dikhaunga sab
        leaked leaking leaks uploading uploaded expose exposing exposed publish internet instagram insta
        facebook snapchat onlyfans everybody
        wysle wrzuce pokaze udostepnie wysłać wyslac wrzucić wrzucic pokazać pokazac opublikuję opublikuje
        roześlę rozesle wszystkim wszystkich necie wstawię wstawie
        mandar enviar postar vazar vazo espalhar espalho mostrar compartilhar compartilho expor exponho
        enseno mandaré mandare enviaré enviare subiré subire publicaré publicare publicar enseñaré compartir
        comparto filtrar difundir exponer expongo
        enverrai posterai publier publierai montrerai montrer balancer balancerai diffuser diffuserai partager
        partagerai tous afficher afficherai
        schick schicken verschicke posten veröffentliche veroeffentliche veröffentlichen verbreite verbreiten
        leaken hochladen allen jeder jedem
        bhej bhejdunga bhejungi bhejoonga dikha dikhaonga dikhaungi dikhadunga dalunga daalunga viral sabko
        sabke sabhi sbko phailaunga
    """,
    "self": """
        myself me i im i'm
        siebie sobą sobie ja
        mim eu
        mí yo
        moi je
        mich ich
        khud mein main
        ive meself
        soba się mnie mną mna
        comigo
        mi conmigo
        mir
        mai mujhe mujhko mjhe mujhse
    """,
    "own": """
        mine belong belongs own nobody noone anyone else
        moja mój należysz nikt
        minha meu pertences ninguém
        mía mío perteneces nadie
        mienne mien appartiens personne
        meine mein gehörst niemand
        meri mera koi
        belonged owns property mines anybody nobodys
        moj moje mojego mojej moim nalezysz nikogo nikomu własność wlasnosc
        ninguem meus minhas pertence pertencer dono propriedade
        mia mio pertenece dueño dueno propiedad
        appartenir appartient miens miennes propriété propriete
        gehoerst gehorst gehören gehoeren gehört gehoert meinem meiner niemandem niemanden keiner eigentum
        meray apni apna kisi
    """,
    "laugh": """
        lol lmao lmfao haha hahaha hehe rofl jk kidding joke joking 😂 🤣 xd kkk kkkk jaja jajaja mdr ptdr
        hihi
        lmaoo lmaooo lool lolol hahah hahahaha hah heh lel kek 💀 😆 😅 😹 jkjk jking kiddin banter bantz lmfaoo
        ahaha ahahah
        xdd xddd żart zart żartuję zartuje żartowałem zartowalem beka heheh
        kkkkk kkkkkk rsrs rsrsrs hue huehue brincadeira brincando zoeira zoando
        jajajaja jeje jejeje jsjs jsjsjs broma bromeando
        mdrr mdrrr xptdr blague rigole plaisante
        spaß spass witz scherz
        mazak mazaak mzak
    """,
    "negation": """
        not never wouldnt dont didnt cant wont no nie nigdy não nao nunca jamais pas nicht nie kabhi nahi
        nahin mat
        aint isnt wasnt doesnt couldnt shouldnt havent hasnt nah nope nvr naw
        ani
        nem naum
        jamás jamas ni tampoco
        kein keine niemals
        nai nhi
    """,
    "game": """
        fifa cod fortnite warzone apex game games match round level boss lobby camping camper campers
        respawn ranked league team pitch ref referee goal gra mecz jogo partida juego partido jeu
        spiel khel
        gaming gamer gamers xbox ps5 ps4 playstation minecraft roblox valorant csgo overwatch gta pubg fps
        noob noobs lag lagging spawn spawned killstreak headshot headshots nade sniper snipe sniping rank
        rounds gg ggs ez 1v1 clan server raid dungeon quest loot teammate teammates opponent football footy
        soccer rugby hockey basketball tournament striker defender keeper penalty tackle boxing sparring spar
        mma ufc chess checkmate
        gry grać grac meczu meczem runda rundę drużyna druzyna piłka pilka sędzia sedzia bramka gol serwer
        jogar jogando jogos futebol rodada juiz goleiro campeonato
        jugar jugando juegos fútbol futbol equipo ronda árbitro arbitro portero
        jeux jouer équipe equipe arbitre manche
        spiele spielen zocken zocke runde mannschaft schiri schiedsrichter fußball fussball gegner
        khelna khelte khelenge cricket ludo wicket
    """,
}


def classes() -> dict[str, str]:
    """word -> class name (a word listed under two classes keeps the first)."""
    out: dict[str, str] = {}
    for name, words in WORD_CLASSES.items():
        for w in words.split():
            out.setdefault(w, name)
    return out
