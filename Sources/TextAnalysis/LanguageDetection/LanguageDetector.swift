/// Tells German from English in short texts (a profile's self-description, a search query), or says
/// it cannot.
///
/// Offers declare their language; free text typed by a user does not, and analysing it with the
/// wrong stemmer loses matches. The score is a log-likelihood ratio, German positive:
/// - each function word of one language only (`und`, `für` / `the`, `and`): ±4;
/// - each word with letters only German has (`ä ö ü ß`): +3;
/// - each other word: the sum of its character trigrams' log ratios (``trigramLogRatios``), capped
///   at ±2 so that loanwords cannot outvote function words; a word of 15 letters or more counts
///   +2 (German compound).
/// A language wins when the score reaches ±``decisionThreshold``; below that the answer is nil, so a
/// lone name or acronym (`KI`, `Software`, `EFRE`) stays unknown rather than guessed.
public enum LanguageDetector {
    public static func detect(_ text: String) -> AnalysisLanguage? {
        let score = self.score(text)
        if score >= decisionThreshold { return .german }
        if score <= -decisionThreshold { return .english }
        return nil
    }

    static let decisionThreshold = 4.0

    /// The log-likelihood ratio German : English; exposed to tests and for tuning.
    static func score(_ text: String) -> Double {
        var score = 0.0
        for token in Tokenizer.tokenize(text).tokens where token.kind != .joined {
            let word = token.text
            let isGermanStopword = Stopwords.german.contains(word)
            let isEnglishStopword = Stopwords.english.contains(word)
            if isGermanStopword || isEnglishStopword {
                if isGermanStopword != isEnglishStopword { score += isGermanStopword ? functionWordEvidence : -functionWordEvidence }
                continue
            }
            guard token.isAlphabetic, !token.isCapitalised else { continue }  // acronyms are language-neutral
            if word.unicodeScalars.contains(where: Self.isGermanOnlyLetter) {
                score += 3
            } else if word.unicodeScalars.count >= longCompoundLength {
                score += maximumWordEvidence
            } else {
                score += wordEvidence(word)
            }
        }
        return score
    }

    /// The trigram evidence of one content word, capped at ±``maximumWordEvidence``: German texts
    /// in this domain are full of English loanwords (`Business Acceleration Services`), and one
    /// long word must not outvote the function words around it.
    private static func wordEvidence(_ word: String) -> Double {
        var sum = 0.0
        var window: UInt64 = boundary
        var length = 1
        // The word's scalars, then the closing boundary: no array of scalars per word.
        for scalar in word.unicodeScalars {
            window = (window << 21 | UInt64(scalar.value)) & (1 << 63 - 1)
            length += 1
            if length >= 3 { sum += trigramRatios[window] ?? 0 }
        }
        window = (window << 21 | boundary) & (1 << 63 - 1)
        if length + 1 >= 3 { sum += trigramRatios[window] ?? 0 }
        return min(max(sum, -maximumWordEvidence), maximumWordEvidence)
    }

    /// `_`, the word boundary of the trigram table.
    private static let boundary = UInt64(UInt8(ascii: "_"))

    /// `ä ö ü ß`, by value: a string literal's scalars were walked for every scalar of every word.
    private static func isGermanOnlyLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xE4, 0xF6, 0xFC, 0xDF: true
        default: false
        }
    }

    /// Three scalars packed into 63 bits (21 bits each): lookups without building strings.
    private static func key(of trigram: some StringProtocol) -> UInt64 {
        trigram.unicodeScalars.reduce(UInt64(0)) { ($0 << 21 | UInt64($1.value)) & (1 << 63 - 1) }
    }

    private static let trigramRatios: [UInt64: Double] = {
        var ratios: [UInt64: Double] = [:]
        for (trigram, ratio) in trigramLogRatios { ratios[key(of: trigram)] = ratio }
        return ratios
    }()

    static let maximumWordEvidence = 2.0
    /// Words this long are German compounds far more often than English words
    /// (`innovationsassistent`, `transferassistent`), whatever their trigrams say.
    static let longCompoundLength = 15
    static let functionWordEvidence = 4.0

    /// ln(P(trigram | German) / P(trigram | English)), clamped to ±4, for the 1000 most frequent
    /// trigrams of each language where the ratio is at least 0.5 (`_` marks a word boundary).
    /// Generated from Snowball's test vocabularies (`/usr/share/snowball/data/{german,english}/voc.txt`,
    /// Debian `snowball-data`): trigram counts over the word lists, add-0.5 smoothing. Kept as text
    /// (`trigram:ratio`, whitespace-separated) because a dictionary literal this size slows compilation.
    static let trigramLogRatios: [String: Double] = {
        var ratios: [String: Double] = [:]
        for entry in trigramTable.split(whereSeparator: \.isWhitespace) {
            guard let colon = entry.lastIndex(of: ":"), let ratio = Double(entry[entry.index(after: colon)...]) else { continue }
            ratios[String(entry[..<colon])] = ratio
        }
        return ratios
    }()

    private static let trigramTable = """
    _ab:1 _ac:-1.6 _ad:-1.9 _af:-1.9 _ag:-2.4 _am:-0.9 _an:0.9 _ap:-2 _ar:-0.9 _as:-1.9 _at:-1.7 _au:2.2
    _ba:-0.7 _be:1.1 _bo:-1.8 _br:-0.7 _bu:-1 _bü:4 _ca:-3.5 _ce:-3.4 _ch:-1.8 _ci:-3.4 _cl:-4 _co:-3.9 _cr:-4
    _cu:-3.9 _de:-1.6 _di:-1.6 _do:-1.1 _dr:-0.7 _ea:-3 _eh:3 _ei:3.6 _el:-1 _em:-0.8 _er:2.6 _es:-1 _ev:-1.9
    _ex:-2.6 _fa:-0.8 _fi:-1 _fo:-1 _fu:-0.5 _fü:4 _ga:-0.9 _ge:2.5 _gi:-0.6 _go:-0.6 _gu:-1.2 _he:0.8 _hi:1.2
    _ho:-0.6 _hu:-0.7 _hä:4 _hö:4 _im:-2.4 _in:-1.8 _ir:-0.6 _jo:-1.2 _ka:2.3 _kl:4 _ko:2.5 _kr:3.6 _ku:4 _kü:4
    _la:-0.5 _lo:-1.1 _lu:-0.6 _lä:4 _ma:-0.8 _mo:-1 _mu:-0.5 _mü:4 _na:0.9 _no:-1.1 _ob:-0.7 _op:-1.7 _or:-0.7
    _ou:-4 _ov:-4 _pa:-1.4 _pe:-1.9 _pf:4 _ph:-0.9 _pi:-2.2 _pl:-1.4 _po:-1.4 _pr:-1.4 _pu:-1.4 _qu:-1.5
    _ra:-0.6 _re:-1.2 _ro:-1 _rü:4 _sa:-0.5 _sc:1.3 _sh:-4 _sk:-2.4 _sl:-4 _sm:-3.3 _sn:-4 _su:-2.1 _sw:-3.8
    _sä:4 _te:-0.9 _th:-1.9 _ti:-1 _to:-0.7 _tu:-1.2 _um:3.1 _va:-1.8 _ve:2.2 _vi:-0.8 _vo:1.6 _we:1.1 _wh:-4
    _wr:-4 _wu:2.3 _za:2.1 _ze:2.6 _zi:3.1 _zu:4 _zw:4 _üb:4 abe:1.6 abg:4 abi:-1.4 abl:-2.7 abs:1.1 acc:-3.3
    ace:-4 ach:1.5 aci:-3.4 ack:-0.6 act:-3.8 ad_:-1.7 adi:-1.6 ado:-3.2 aft:2 ag_:1.2 agg:-4 agt:4 ahl:3.4
    ahm:4 ahn:4 ahr:4 ail:-2.4 ain:-3.1 air:-2.6 ake:-2.7 al_:-1.7 ala:-1.6 alb:0.9 ali:-1.1 all:-0.7 als:-0.7
    alt:0.9 ama:-1.4 amb:-2.4 ami:-1.5 amm:1.4 amp:-1 an_:-1.6 ana:-1 anc:-2.8 ane:-0.8 ang:0.9 ani:-1.3
    ank:0.6 ann:0.8 ant:-1.3 anz:3.7 ape:-2.1 app:-1.4 ar_:-0.6 ara:-1.4 arb:0.7 arc:-2.2 ard:-2.4 ari:-1.6
    ark:-0.9 arl:-2.2 arn:-1.2 arr:-1.1 ars:-0.8 ary:-4 as_:-0.9 ase:-0.5 ash:-3.2 asi:-1.2 ast:-0.9 atc:-4
    ate:-1.7 ath:-1.8 ati:-2 ato:-2.8 atr:-1.8 att:-0.5 atu:-0.5 atz:4 aub:2.8 auc:1.3 aue:4 auf:4 aum:3
    aus:2.6 aut:0.8 ava:-2.3 ave:-2.9 avi:-2.1 ay_:-4 ban:-0.5 bar:0.5 bau:2.6 be_:1.5 bea:-0.9 bef:1.6 beg:1.4
    beh:0.9 bei:3 bek:3.5 bel:0.5 ben:2.4 ber:1.3 bes:2 bet:1.1 bew:2.2 bge:4 bie:1.7 ble:-1.9 bly:-4 bor:-1
    bou:-2.7 bro:-0.7 bsc:1.2 bst:0.9 bt_:3 bte:2.3 bun:1.2 bur:-0.6 cal:-4 can:-3.6 cap:-3.6 car:-3.9 cas:-4
    cat:-4 ce_:-4 ced:-4 cen:-3.1 cer:-4 ces:-4 ch_:1.4 chb:2.6 che:1.9 chg:3.7 chk:4 chl:3.9 chm:1.8 chn:3.5
    chr:2 chs:3 cht:4 chu:1.4 chw:3.6 chz:4 chä:4 chü:4 cia:-3.2 cie:-2.7 cin:-3.7 cio:-4 cit:-3.3 cke:0.8
    cki:-1 ckt:4 cla:-4 cle:-4 clo:-4 col:-3.7 com:-4 con:-4 cor:-4 cou:-3.7 cra:-4 cre:-3.7 cri:-4 cro:-3.5
    cru:-4 ct_:-4 cte:-4 cti:-4 ctu:-3.6 cul:-3.7 cur:-4 cy_:-4 de_:0.9 dec:-1.4 ded:-4 def:-2.9 del:0.5
    den:1.3 dep:-2 der:0.7 det:1.2 deu:1.7 dge:-1.4 dia:-1.2 dic:-1.4 die:0.8 dig:1.7 din:-2 dis:-2.4 dit:-1.8
    dle:-1.5 dli:1 dly:-4 dra:-1.3 dro:-1.1 ds_:-2.6 duc:-2.9 dun:2.2 dur:1.4 dy_:-4 ead:-4 eak:-4 eal:-2.2
    ean:-2.1 ear:-3 eas:-4 eat:-2.7 ebe:2.9 ebi:2.3 ebr:1.2 ebt:2.3 ece:-3.9 ech:2 eci:-3.8 eck:1.1 eco:-4
    ect:-3.7 ecu:-4 ed_:-4 ede:1.5 edi:-0.7 edl:-1 eed:-4 een:-1.4 eep:-4 efa:1.1 efe:0.5 efu:-1.5 efü:4
    ege:2.6 egr:0.6 egt:4 eha:1.6 ehe:2.2 ehm:4 ehn:4 ehr:3.7 eht:4 ei_:4 eib:4 eic:4 eid:3.8 eie:3.9 eif:4
    eig:1.1 eih:4 eil:2.5 eim:2.9 ein:3.2 eis:3.5 eit:3.4 eiz:2.2 eiß:4 ekt:4 el_:0.8 elb:2.3 eld:0.5 ele:0.5
    eln:4 els:0.8 elt:2.2 ely:-4 em_:2.1 emb:-2.4 eme:-0.6 emi:-1.1 emo:-1.9 emp:-0.6 en_:3.1 enb:3.2 enc:-4
    end:1.3 ene:0.6 enf:1 eng:0.8 enh:2 eni:-1 enk:3.6 enl:0.5 enn:0.8 ens:1 ent:-0.8 enw:2.1 enz:2.8 eou:-4
    epe:-2.2 epr:-1.5 ept:-1.7 equ:-1.9 erb:1.8 erc:-1.2 erd:1.8 erf:1.2 erg:2.1 erh:2.6 erk:2.9 erl:1.6
    erm:0.6 ern:1.7 ero:-1.2 err:0.5 ert:1.2 eru:2 erw:2.6 ery:-4 erz:4 es_:-0.7 esa:1.8 esc:1.4 ese:0.8
    ess:-1.3 et_:1 ete:1.1 eth:-0.9 eti:-1.4 ets:-1.8 etz:4 eue:4 eug:3.1 eut:2.7 eve:-3.3 evi:-1.6 ewa:0.6
    ewe:0.8 ewi:1 ewo:1.4 exc:-4 exp:-3 ext:-2.6 ey_:-3.6 fah:3.5 fal:0.7 fe_:1.7 fei:1.4 fel:1.4 fen:2.3
    ffi:-1.3 fge:4 fic:-2.4 fie:-1.2 fli:0.6 for:-0.7 fre:0.6 ft_:1.9 fte:1.8 fti:1.7 ful:-4 fun:1 fäl:4 füh:4
    gan:0.6 gar:-0.8 gat:-2 ge_:0.9 geb:4 gef:4 geg:4 geh:4 gei:2.7 gek:4 gel:2.9 gem:2.1 gen:2.5 gep:4 ger:1.3
    ges:1.9 get:1.2 gew:4 gez:3.7 gge:-0.6 ght:-4 gie:2 gin:-1.1 gke:4 gla:0.7 gli:1 gly:-4 glü:4 gra:-1
    gre:-0.5 gru:0.8 grü:4 gs_:-1.9 gst:2.5 gt_:4 gte:4 gui:-3.6 gun:2.1 haf:3.2 hal:0.9 ham:-1.4 har:-0.9
    hau:2 he_:2.6 hea:-2.9 hed:-4 hee:-1.6 hei:2.6 hem:0.6 hen:2.8 her:0.9 heu:2.1 hie:1.3 hil:-0.5 him:0.9
    hip:-3.9 hke:4 hl_:2.9 hla:3.3 hle:2.3 hli:3.6 hlo:2.6 hlt:4 hlu:4 hme:1.3 hn_:2.9 hne:2 hni:3 hnt:4
    hof:2.3 hoo:-3.9 hor:-1.3 hou:-4 hr_:2.8 hre:2.2 hri:0.8 hrt:4 hse:3.8 hst:2.9 ht_:1.3 hte:2.1 hti:1.8
    hts:1.2 hul:2.7 hun:1.3 hwa:1 hwe:4 hän:4 hör:4 hüt:4 ia_:-1.6 ial:-1.7 ian:-2.2 iat:-2.9 ibe:0.7 ibl:-1.8
    ic_:-4 ica:-3.8 ice:-4 ich:3.4 ici:-3.8 ict:-3.6 id_:-1.8 ida:-1.9 idi:-1 ie_:0.6 ieb:3.8 ied:0.5 ief:1.1
    ieg:3.3 ieh:4 iel:1.7 ier:1.4 ies:-0.6 ieß:4 ife:0.6 ifi:-2.9 ig_:2.7 iga:-1.4 ige:3.2 igh:-4 igk:4
    ign:-1.7 igs:2 igt:3.9 igu:0.9 il_:-1 ild:1 ile:-0.9 ili:-1.1 ill:-0.9 ily:-4 ima:-1.3 ime:-1.4 imi:-1.9
    imm:1.3 imp:-2.6 inc:-2.9 ine:-0.7 ing:-1.9 ini:-0.7 inn:1.1 int:-1 inv:-2.1 inw:1.6 inz:4 ion:-2.1 iou:-4
    ip_:-3.3 ipp:-0.8 ire:-2.7 irk:1.8 isa:-1.7 isc:1.2 ish:-3.4 isi:-1.5 ism:-1.2 isp:-1.9 iss:1 ist:-0.6
    it_:1.3 ita:-1.3 itc:-4 ith:-1.6 iti:-1.6 itt:0.8 itu:-0.9 ity:-4 itz:2.6 iva:-2.1 ive:-2 ivi:-1.5 ize:-0.9
    kam:2.5 kan:2.5 ked:-4 keh:4 kei:4 kel:2.1 ken:1.5 ket:-0.9 kin:-1.6 kir:1.7 kla:2 kle:0.6 kli:1.3 kom:4
    kon:1.4 kra:3.3 kre:3.3 kri:3.2 krä:4 ks_:-1.6 kt_:4 kte:4 kti:3.5 kun:3.9 lac:-0.7 lag:1.2 lai:-2.7 lam:-1
    lar:-2 lat:-1.1 lau:1.5 lay:-4 lbe:2.3 lch:2 lde:0.8 le_:-1.2 lea:-2.9 leb:2 led:-3.1 leg:0.7 leh:2.7
    lei:3.6 len:1 les:-2.1 let:-0.8 leu:2.3 lge:2 lia:-2.3 lic:2 lie:1.1 lin:-1.4 lis:-0.6 lit:-1.2 lla:-1.8
    lli:-0.9 llo:-1.8 llt:3.8 lly:-4 ln_:3.5 log:-0.5 lon:-1.5 loo:-4 lor:-1.3 los:1.2 lou:-2.9 low:-4 ls_:-1.2
    lst:1.6 lt_:1.6 lte:1.9 lum:-0.6 lun:1 ly_:-4 län:4 lüc:4 mac:0.5 mag:-1.1 man:-0.6 mar:-1 mat:-1.1
    mbe:-1.6 mbl:-4 med:-2.8 mei:4 mil:-0.9 min:-1.7 mis:-0.8 mli:3.2 mme:1.5 mmt:3.8 mon:-1.1 mor:-0.5 mou:-4
    mpa:-1.6 mpe:-1.1 mpf:4 mpl:-2.7 mpo:-1.6 mpr:-4 mpt:-3.2 ms_:-1.7 mt_:3.4 mte:4 mun:0.7 mut:1.1 mäs:4
    müt:4 na_:-1.4 nac:1.3 nah:2.9 nal:-1.1 nar:-0.8 nat:-1.1 nau:1.7 nba:2.9 nbe:2.2 nce:-4 nch:-1.1 nci:-3.4
    nco:-4 nd_:0.9 nda:-1.6 nde:1.2 ndl:0.5 ndo:-1.4 ned:-3.7 neh:4 nei:2.3 nen:2.8 nes:-1.6 neu:2.3 nft:3.8
    ng_:-1.3 nge:1.8 ngl:-0.8 ngt:1.4 nhe:1.7 nia:-2.8 nie:1 nig:1.3 nin:-3 nit:-0.8 nke:1.5 nkt:4 nli:1.2
    nn_:1.8 nne:0.9 nnt:4 nor:-0.9 not:-0.7 nou:-3.5 nre:0.9 ns_:-1.1 nsc:2.2 nsi:-1.1 nst:1 nsu:-1.4 nt_:-1.4
    nta:-1.1 nti:-1.7 ntl:-0.8 nto:-1.3 ntr:-0.8 nts:-1 ntw:2 nun:2.3 nwe:2 ny_:-3.7 nze:3.7 nzi:3 nzu:4
    obe:0.5 och:1.7 od_:-2.4 oge:1.6 ohl:4 ohn:2.3 oin:-4 oke:-2.7 ola:-1.7 ole:-1.3 olg:3 oli:-1.1 olo:-1.2
    oma:-1.9 ome:-1.9 omi:-1.7 omm:0.6 omp:-2.4 on_:-2.1 ona:-1.4 onc:-4 ond:-0.6 one:-1.1 onf:-1.8 ong:-3.5
    oni:-1.2 onn:0.9 ono:-2.2 ons:-2.2 ont:-1.8 onv:-2.9 ood:-3.8 ook:-4 ool:-3.6 oon:-4 oot:-3.3 ope:-2.8
    opf:4 or_:-1.8 ora:-0.9 orb:0.6 ore:-1.1 orf:1.7 org:0.9 ori:-1 orm:-0.8 orn:-0.6 oro:-2.7 orr:-0.9
    ort:-0.6 ory:-4 osi:-0.7 oss:0.6 ost:-0.6 ot_:-0.8 oth:-2.4 oti:-1.6 oug:-4 oun:-4 our:-4 ous:-4 out:-3.5
    ove:-3.4 ow_:-3.4 owe:-3.5 own:-4 ows:-3.3 pal:-1.5 pan:-0.6 par:-1.4 pas:-0.7 pat:-1.4 pea:-4 pec:-2
    ped:-3.3 pen:-0.9 per:-1.6 pet:-1.5 pfe:4 pfl:4 phe:-1.2 pic:-1.8 pie:0.6 pin:-2.4 pit:-1 pla:-1 ple:-3.4
    pli:-2.4 pol:-0.7 pon:-1.7 por:-1.5 pos:-1.9 ppi:-1.8 ppr:-4 pre:-1.5 pri:-0.7 pro:-1.5 ps_:-2.5 pti:-2.3
    pur:-1.4 qua:-1.8 que:-1.7 qui:-2.5 ra_:-1.7 rad:-1 rai:-3.2 ral:-1.4 ram:-0.9 ran:-0.7 rap:-1.6 rat:-1.1
    rau:3 rav:-2.3 rba:0.5 rbe:2 rbi:0.8 rbr:2.4 rce:-2.8 rch:0.8 rd_:-2.1 rde:0.7 rds:-3.8 rea:-3.1 red:-1.8
    ree:-3.1 ref:-1 rei:2.9 rel:-1.7 rem:-1 ren:1.2 rep:-2.5 res:-1.4 ret:-0.6 reu:2.7 rev:-2.6 rfa:2 rfe:1.3
    rge:1.4 rha:2.4 rhe:2 ria:-2.2 rib:-2.9 rid:-3.1 ril:-1.8 rim:-1.7 rin:-0.7 rio:-2.4 rip:-2.1 riv:-2.2
    rke:1 rla:1.1 rle:1 rli:2 rly:-4 rmi:-0.5 rn_:1.5 rnd:2.7 rni:-0.6 roa:-4 rob:-0.8 rom:-0.9 ron:-1.5 roo:-4
    rop:-1.2 rou:-4 rov:-2.5 row:-4 rra:-0.9 rri:-1.3 rro:-1.9 rrt:4 rs_:-1.7 rsa:1 rsc:3.7 rse:-0.5 rsp:2.1
    rst:1.9 rt_:1.2 rta:-1.4 rte:1.5 rth:-2 rtr:2.1 ruc:0.5 run:2 rus:-1.4 rve:-1.4 rvo:2 rwa:1.7 rwe:2.8
    rwi:2.1 ry_:-4 rze:3.5 rzi:3.7 rzu:4 rän:4 räu:4 rüc:4 rüh:4 rün:4 sal:-0.6 sam:2.8 sca:-3.7 sce:-3.8
    sch:3.9 sco:-4 scr:-4 sec:-1.5 sed:-4 seh:2.8 sei:2.6 sel:0.9 sen:1.6 ses:-1 set:1.3 sge:4 sh_:-4 sha:-1.5
    she:-2.1 shi:-3.6 sho:-2.5 sic:1.2 sid:-2.5 sie:1.6 sig:0.6 sil:-0.8 sin:-0.7 sio:-2.1 sis:-1.4 sit:-0.7
    siv:-2.1 sla:-1.1 sly:-4 sma:-0.7 sne:-2.4 sol:-1 som:-1.2 sor:-0.6 spe:-0.7 spo:-1.5 spr:1.5 squ:-2.9
    ss_:-1.5 ssc:4 sse:1.2 ssi:-0.5 sst:4 ste:0.9 sts:-1.2 stä:4 stü:4 sub:-1.6 suc:0.6 sum:-0.8 sun:0.8
    sup:-2.7 sur:-3 szu:4 tab:-1.5 tag:0.6 tai:-3.8 tar:-1 tat:-1.2 tau:1.8 tch:-1.6 te_:1.3 tea:-3.3 ted:-4
    tee:-2.4 teh:3.9 tei:3.8 tel:0.9 ten:1.6 tet:3.8 tge:4 th_:-2.4 the:-1.1 thi:-1.6 tho:-1.5 thr:-2 tia:-2.1
    tic:-2.7 tif:-2.1 tig:2.4 til:-1 tin:-2.9 tio:-2.2 tit:-1.7 tiv:-1.1 tle:-1.2 tli:1.9 tly:-4 tom:-2.3
    ton:-2 tor:-1.7 tri:-0.5 tru:-1 trä:4 ts_:-2.3 tsc:3.9 tst:1.8 tt_:1.1 tte:0.6 tti:-1.4 ttl:-0.5 tun:1.7
    tur:-1.1 twe:1.3 ty_:-4 tz_:2.2 tze:3.5 tzt:4 tän:4 tät:4 tür:4 ual:-2 uar:-2.1 ube:2.3 uch:1.9 uct:-4
    udi:-1.4 ue_:-1 uer:1.9 ues:-1.5 ufe:4 uff:-1.3 ufg:4 ufs:4 uft:3 ufz:4 uge:2.3 ugh:-2.8 uis:-2.2 uit:-3.4
    ul_:-2.8 ula:-1.6 uli:0.8 ull:-2.8 ult:-1.1 umb:-2.5 ume:0.5 ums:0.9 unb:0.9 unc:-4 ung:2.8 uni:-1.3
    unk:1.1 unv:2.1 upe:-2.4 ur_:-0.8 ura:-2.2 urc:1.3 ure:-1.7 uri:-1.6 urn:-2.5 urr:-1.8 urs:-1 urt:-0.9
    urü:4 us_:-1.7 usa:1.4 usc:2.1 usg:4 ush:-1.8 usi:-1.3 usl:-1.8 uss:2 usz:4 ute:0.7 uti:-1 utt:-0.9 utz:3.5
    val:-2.7 vat:-0.7 ve_:-2.5 ved:-4 vel:-3.2 ven:-2 ver:1 ves:-2.8 vie:1 vil:-1.5 vin:-4 vis:-2.1 vit:-1.3
    vol:0.6 vor:3 wac:2.9 wah:4 wan:1.6 war:-0.7 was:0.7 wec:4 wed:-2.7 weg:4 weh:3.5 wei:3.2 wen:1.7 wer:0.6
    wes:0.9 whi:-4 wid:1.6 wie:3.3 wir:2.3 wis:0.5 wit:-0.7 woh:4 ws_:-4 wun:2.9 wär:4 wür:4 yin:-4 ys_:-4
    ze_:0.5 zei:4 zel:1.7 zen:2.3 zer:3.4 zie:3.1 zig:3.1 zog:4 zt_:4 zte:4 zuf:4 zug:4 zun:3.5 zur:3.4 zus:4
    zwe:4 ßen:4 ßt_:4 äch:4 äft:4 ähl:4 ähr:4 ält:4 änd:4 äng:4 ärt:4 äss:4 äum:4 äus:4 übe:4 üch:4 ück:4 üge:4
    ühl:4 ühr:4 ünd:4 üss:4 üst:4 ütz:4
    """
}
