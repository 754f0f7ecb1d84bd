/// German stopwords: Snowball's list, its `daß`/`dass` spellings, and frequent function words of
/// administrative German. Whitespace-separated, lowercase, unstemmed.
enum GermanStopwords {
    static let list = """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
    anderm andern anderr anders auch auf aus bei beim bin bis bist bzw ca da dabei dadurch daher dafür
    dagegen damit danach dann daran darauf daraus darf darin darüber darum darunter das dass daß davon
    dazu dein deine deinem deinen deiner deines dem demselben den denen denn denselben der deren derer
    derselbe derselben des desselben dessen dich die dies diese diesem diesen dieser dieses dieselbe
    dieselben dasselbe dir doch dort du durch dürfen ein eine einem einen einer eines einig einige
    einigem einigen einiger einiges einmal er es etc etwa etwas euch euer eure eurem euren eurer eures
    für ganz gegen gemäß gewesen ggf gibt hab habe haben hat hatte hatten hier hierbei hierfür hierzu
    hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem innen ins insbesondere
    ist je jede jedem jeden jeder jedes jedoch jene jenem jenen jener jenes jetzt kann kein keine
    keinem keinen keiner keines können könnte man manche manchem manchen mancher manches mehr mehrere
    mein meine meinem meinen meiner meines mich mir mit muss musste muß müssen nach nicht nichts noch
    nun nur ob oder ohne per pro sehr sei seien sein seine seinem seinen seiner seines seit selbst
    sich sie sind so sodass solche solchem solchen solcher solches soll sollen sollte sondern sonst
    sowie sowohl über um und uns unser unsere unserem unseren unserer unseres unter usw viel vom von
    vor während war waren warst was weil welche welchem welchen welcher welches weitere weiteren weiterer weiteres wenn wer werde werden
    wie wieder will wir wird wirst wo wobei wollen wollte worden wurde wurden würde würden zb zu zudem
    zum zur zwar zwischen
    """
}
