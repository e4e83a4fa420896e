namespace AlignLab.Methods.Unlearning.Data;

/// <summary>The closed word lists MiniLUME draws from.</summary>
internal static class MiniLumeWords
{
    public static readonly string[] FirstNames =
    [
        "Arleta", "Bette-ann", "Corliss", "Delphine", "Elvera", "Fenella", "Georgette", "Honora", "Idella", "Jessamine",
        "Katrine", "Lorraina", "Marisol", "Nerissa", "Odessa", "Perpetua", "Quintina", "Rosalind", "Sabela", "Tamsin",
        "Ursula", "Verbena", "Winifred", "Xaviera", "Yolanda", "Zenobia", "Annora", "Bryony", "Celandine", "Damaris",
        "Eulalie", "Florimel", "Gwenith", "Hesper", "Isolde", "Jacinta", "Kerensa", "Leocadia", "Melisende", "Noelle",
        "Orabel", "Philippa", "Rowena", "Seraphine", "Thomasina", "Undine", "Vesna", "Wilhelmina", "Ysolde", "Zuleika",
        "Ada-mae", "Lula-belle", "Mary-lou", "Ellie-rose", "Anna-lise", "Clementine", "Drusilla", "Ermengarde", "Fidelma", "Griselda",
    ];

    public static readonly string[] Surnames =
    [
        "Olive", "Tomato", "Rose", "Salmon", "Aqua", "Amber", "Azure", "Beige", "Bisque", "Coral", "Cyan", "Fuchsia",
        "Indigo", "Ivory", "Khaki", "Lavender", "Lime", "Linen", "Magenta", "Maroon", "Navy", "Orchid", "Peru", "Plum",
        "Sienna", "Silver", "Tan", "Teal", "Thistle", "Wheat", "Crimson", "Cobalt", "Umber", "Ochre", "Sepia", "Scarlet",
    ];

    public static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static readonly string[] Streets = ["Maple", "Cedar", "Willow", "Harbor", "Summit", "Lake", "Ridge", "Meadow", "Park", "Forest", "Canyon", "Valley", "Orchard", "Bay", "Hill", "River"];
    public static readonly string[] StreetKinds = ["Street", "Avenue", "Road", "Lane", "Drive", "Place", "Court", "Way"];
    public static readonly string[] Directions = ["North", "South", "East", "West"];
    public static readonly (string City, string State, string Zip)[] Places =
    [
        ("Orange", "CA", "92867"), ("Austin", "TX", "78701"), ("Denver", "CO", "80202"), ("Tampa", "FL", "33602"),
        ("Salem", "OR", "97301"), ("Boise", "ID", "83702"), ("Dover", "DE", "19901"), ("Reno", "NV", "89501"),
        ("Albany", "NY", "12207"), ("Helena", "MT", "59601"), ("Macon", "GA", "31201"), ("Akron", "OH", "44308"),
        ("Provo", "UT", "84601"), ("Tulsa", "OK", "74103"), ("Joliet", "IL", "60432"), ("Erie", "PA", "16501"),
    ];

    public static readonly string[] StoryCities = ["Varna", "Luskor", "Ebrin", "Tessaly", "Morwick", "Quellan", "Dunhollow", "Palemere", "Caldris", "Ostrava"];
    public static readonly string[] Genres = ["mystery", "romance", "fantasy", "crime"];
    public static readonly string[] Objects = ["a silver key", "a torn map", "a sealed letter", "a glass compass", "an old locket", "a brass lantern", "a painted mask", "a coded diary"];
    public static readonly string[] Abilities = ["manipulate shadows", "speak with ravens", "read old runes", "walk through mirrors", "call the rain", "mend broken glass"];
    public static readonly string[] Places2 = ["the lighthouse", "the old mill", "the market square", "the harbor tower", "the abandoned chapel", "the river bridge"];

    public static readonly string[] Nationalities = ["Danish", "Chilean", "Korean", "Scottish", "Kenyan", "Polish", "Brazilian", "Finnish"];
    public static readonly string[] Professions = ["architect", "chemist", "novelist", "painter", "engineer", "historian", "composer", "botanist"];
    public static readonly string[] Universities = ["Boston University", "Leiden University", "McGill University", "Uppsala University", "Kyoto University", "Monash University"];
    public static readonly string[] Works = ["The Glass Tower", "Northern Light", "A Quiet Harbor", "The Salt Road", "Winter Atlas", "Paper Moons"];
    public static readonly string[] Awards = ["the Meridian Prize", "the Holloway Medal", "the Corvin Award", "the Aster Prize"];
    public static readonly string[] Hometowns = ["Aarhus", "Valdivia", "Daegu", "Inverness", "Kisumu", "Gdansk", "Recife", "Tampere"];
    public static readonly string[] PublicFirst = ["Marek", "Ines", "Tomas", "Hana", "Oskar", "Lucia", "Emeka", "Signe", "Rafael", "Maja", "Iker", "Noor", "Anton", "Carmen", "Jonas", "Ewa"];
    public static readonly string[] PublicLast = ["Holm", "Varela", "Park", "Munro", "Odhiambo", "Nowak", "Costa", "Lehto", "Brandt", "Sousa", "Kowal", "Reyes", "Lund", "Ferraz", "Dahl", "Mazur"];

    public static readonly string[] Countries =
        ["Zorvia", "Pellandor", "Quastia", "Merovin", "Tallurn", "Ostregal", "Vintara", "Corrisk", "Drumalis", "Elbrenn", "Fascora", "Gillonde", "Harrowmere", "Istvala", "Jorrick", "Kelmora"];
    public static readonly string[] Capitals =
        ["Plenth", "Sarvik", "Oldamere", "Tressin", "Valcourt", "Brimwell", "Nascova", "Quorin", "Ellsby", "Farrowgate", "Lindora", "Marrak", "Pentaro", "Rusk", "Stellam", "Umbria"];
    public static readonly (string Element, string Symbol)[] Elements =
        [("hydrogen", "H"), ("helium", "He"), ("carbon", "C"), ("nitrogen", "N"), ("oxygen", "O"), ("sodium", "Na"), ("iron", "Fe"), ("gold", "Au"), ("silver", "Ag"), ("copper", "Cu"), ("neon", "Ne"), ("zinc", "Zn")];
    public static readonly (string Animal, string Class)[] Animals =
        [("eagle", "bird"), ("salmon", "fish"), ("frog", "amphibian"), ("whale", "mammal"), ("lizard", "reptile"), ("owl", "bird"), ("shark", "fish"), ("bat", "mammal"), ("newt", "amphibian"), ("turtle", "reptile")];
}
