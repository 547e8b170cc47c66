"""What a user sees in each supported locale: the shipped translations, written out.

Tests compare responses with these strings, so a missing or broken translation fails a
test instead of silently falling back to another language.
"""
{%- set locales = cookiecutter.supported_locales.split(',') | map('trim') | list %}
{%- set untranslated = locales | reject('in', ['en', 'fr', 'de', 'es', 'it', 'pt-BR', 'nl', 'ru', 'ja', 'ko', 'zh-CN', 'ar']) | list %}

EXPECTED: dict[str, dict[str, str]] = {
{%- if 'en' in locales %}
    "en": {
        "sign_in": "Sign in to continue.",
        "not_found": "This conversation was not found.",
        "invalid": "This is not a valid ChatKit request.",
        "too_large": "The request is too large.",
        "unavailable": "The service is temporarily unavailable. Please try again shortly.",
        "progress": "Looking up the time in Europe/Paris…",
        "bad_zone": "“Mars/Olympus” is not a time zone I know. Try a name like Europe/Paris.",
        "echo": "Offline model here. You said: “{text}”",
        "too_many_files": "A message can carry at most 3 files.",
        "greeting": "Hi! How can I help you today?",
        "rate_limited": "Too many requests. Please try again shortly.",
        "invalid_event": "This telemetry event is not valid.",
        "unknown_host": "This address is not served here.",
        "unknown_path": "There is nothing at this address.",
        "method_not_allowed": "This operation is not available.",
    },
{%- endif %}
{%- if 'fr' in locales %}
    "fr": {
        "sign_in": "Connectez-vous pour continuer.",
        "not_found": "Cette conversation est introuvable.",
        "invalid": "Cette requête ChatKit n’est pas valide.",
        "too_large": "La requête est trop volumineuse.",
        "unavailable": "Le service est momentanément indisponible. "
        "Veuillez réessayer dans quelques instants.",
        "progress": "Recherche de l’heure à Europe/Paris…",
        "bad_zone": "Je ne connais pas le fuseau horaire « Mars/Olympus ». "
        "Essayez un nom comme Europe/Paris.",
        "echo": "Ici le modèle hors ligne. Vous avez écrit : « {text} »",
        "too_many_files": "Un message peut contenir au plus 3\u00a0fichiers.",
        "greeting": "Bonjour\u00a0! Comment puis-je vous aider aujourd’hui\u00a0?",
        "rate_limited": "Trop de requêtes. Veuillez réessayer dans quelques instants.",
        "invalid_event": "Cet événement de télémétrie n’est pas valide.",
        "unknown_host": "Cette adresse n’est pas desservie ici.",
        "unknown_path": "Il n’y a rien à cette adresse.",
        "method_not_allowed": "Cette opération n’est pas disponible.",
    },
{%- endif %}
{%- if 'de' in locales %}
    "de": {
        "sign_in": "Melden Sie sich an, um fortzufahren.",
        "not_found": "Diese Unterhaltung wurde nicht gefunden.",
        "invalid": "Dies ist keine gültige ChatKit-Anfrage.",
        "too_large": "Die Anfrage ist zu groß.",
        "unavailable": "Der Dienst ist vorübergehend nicht verfügbar. "
        "Bitte versuchen Sie es gleich noch einmal.",
        "progress": "Uhrzeit in Europe/Paris wird abgefragt…",
        "bad_zone": "Die Zeitzone „Mars/Olympus“ kenne ich nicht. "
        "Versuchen Sie einen Namen wie Europe/Paris.",
        "echo": "Hier spricht das Offline-Modell. Sie schrieben: „{text}“",
        "too_many_files": "Eine Nachricht kann höchstens 3 Dateien enthalten.",
        "greeting": "Hallo! Wie kann ich Ihnen heute helfen?",
        "rate_limited": "Zu viele Anfragen. Bitte versuchen Sie es gleich noch einmal.",
        "invalid_event": "Dieses Telemetrie-Ereignis ist ungültig.",
        "unknown_host": "Diese Adresse wird hier nicht bedient.",
        "unknown_path": "Unter dieser Adresse gibt es nichts.",
        "method_not_allowed": "Dieser Vorgang ist nicht verfügbar.",
    },
{%- endif %}
{%- if 'es' in locales %}
    "es": {
        "sign_in": "Inicie sesión para continuar.",
        "not_found": "No se ha encontrado esta conversación.",
        "invalid": "Esta solicitud de ChatKit no es válida.",
        "too_large": "La solicitud es demasiado grande.",
        "unavailable": (
            "El servicio no está disponible temporalmente. Vuelva a intentarlo en unos instantes."
        ),
        "progress": "Consultando la hora en Europe/Paris…",
        "bad_zone": (
            "No conozco la zona horaria «Mars/Olympus». Pruebe con un nombre como Europe/Paris."
        ),
        "echo": "Le habla el modelo sin conexión. Ha escrito: «{text}»",
        "too_many_files": "Un mensaje puede incluir como máximo 3 archivos.",
        "greeting": "¡Hola! ¿En qué puedo ayudarle hoy?",
        "rate_limited": "Demasiadas solicitudes. Vuelva a intentarlo en unos instantes.",
        "invalid_event": "Este evento de telemetría no es válido.",
        "unknown_host": "Esta dirección no se atiende aquí.",
        "unknown_path": "No hay nada en esta dirección.",
        "method_not_allowed": "Esta operación no está disponible.",
    },
{%- endif %}
{%- if 'it' in locales %}
    "it": {
        "sign_in": "Acceda per continuare.",
        "not_found": "Impossibile trovare questa conversazione.",
        "invalid": "Questa richiesta ChatKit non è valida.",
        "too_large": "La richiesta è troppo grande.",
        "unavailable": "Il servizio è temporaneamente non disponibile. Riprovi tra poco.",
        "progress": "Sto controllando l’ora in Europe/Paris…",
        "bad_zone": (
            "Non conosco il fuso orario «Mars/Olympus». Provi con un nome come Europe/Paris."
        ),
        "echo": "Sono il modello offline. Ha scritto: «{text}»",
        "too_many_files": "Un messaggio può contenere al massimo 3 file.",
        "greeting": "Salve! Come posso aiutarla oggi?",
        "rate_limited": "Troppe richieste. Riprovi tra poco.",
        "invalid_event": "Questo evento di telemetria non è valido.",
        "unknown_host": "Questo indirizzo non è servito qui.",
        "unknown_path": "Non c’è nulla a questo indirizzo.",
        "method_not_allowed": "Questa operazione non è disponibile.",
    },
{%- endif %}
{%- if 'pt-BR' in locales %}
    "pt-BR": {
        "sign_in": "Faça login para continuar.",
        "not_found": "Esta conversa não foi encontrada.",
        "invalid": "Esta solicitação do ChatKit não é válida.",
        "too_large": "A solicitação é grande demais.",
        "unavailable": "O serviço está temporariamente indisponível. Tente novamente em instantes.",
        "progress": "Consultando o horário em Europe/Paris…",
        "bad_zone": "Não conheço o fuso horário “Mars/Olympus”. Tente um nome como Europe/Paris.",
        "echo": "Aqui é o modelo offline. Você escreveu: “{text}”",
        "too_many_files": "Uma mensagem pode conter no máximo 3 arquivos.",
        "greeting": "Olá! Como posso ajudar você hoje?",
        "rate_limited": "Muitas solicitações. Tente novamente em instantes.",
        "invalid_event": "Este evento de telemetria não é válido.",
        "unknown_host": "Este endereço não é atendido aqui.",
        "unknown_path": "Não há nada neste endereço.",
        "method_not_allowed": "Esta operação não está disponível.",
    },
{%- endif %}
{%- if 'nl' in locales %}
    "nl": {
        "sign_in": "Meld u aan om door te gaan.",
        "not_found": "Dit gesprek is niet gevonden.",
        "invalid": "Dit is geen geldig ChatKit-verzoek.",
        "too_large": "Het verzoek is te groot.",
        "unavailable": "De dienst is tijdelijk niet beschikbaar. Probeer het zo meteen opnieuw.",
        "progress": "De tijd in Europe/Paris wordt opgezocht…",
        "bad_zone": "De tijdzone “Mars/Olympus” ken ik niet. Probeer een naam als Europe/Paris.",
        "echo": "Hier spreekt het offlinemodel. U schreef: “{text}”",
        "too_many_files": "Een bericht kan maximaal 3 bestanden bevatten.",
        "greeting": "Hallo! Hoe kan ik u vandaag helpen?",
        "rate_limited": "Te veel verzoeken. Probeer het zo meteen opnieuw.",
        "invalid_event": "Deze telemetriegebeurtenis is ongeldig.",
        "unknown_host": "Dit adres wordt hier niet bediend.",
        "unknown_path": "Op dit adres is niets te vinden.",
        "method_not_allowed": "Deze bewerking is niet beschikbaar.",
    },
{%- endif %}
{%- if 'ru' in locales %}
    "ru": {
        "sign_in": "Войдите, чтобы продолжить.",
        "not_found": "Этот диалог не найден.",
        "invalid": "Это некорректный запрос ChatKit.",
        "too_large": "Запрос слишком большой.",
        "unavailable": "Сервис временно недоступен. Попробуйте ещё раз чуть позже.",
        "progress": "Определяю время в часовом поясе Europe/Paris…",
        "bad_zone": (
            "Часовой пояс «Mars/Olympus» мне неизвестен. Попробуйте, например, Europe/Paris."
        ),
        "echo": "Это офлайн-модель. Вы написали: «{text}»",
        "too_many_files": "К сообщению можно прикрепить максимум 3 файла.",
        "greeting": "Здравствуйте! Чем могу помочь?",
        "rate_limited": "Слишком много запросов. Попробуйте ещё раз чуть позже.",
        "invalid_event": "Это событие телеметрии недопустимо.",
        "unknown_host": "Этот адрес здесь не обслуживается.",
        "unknown_path": "По этому адресу ничего нет.",
        "method_not_allowed": "Эта операция недоступна.",
    },
{%- endif %}
{%- if 'ja' in locales %}
    "ja": {
        "sign_in": "続行するにはサインインしてください。",
        "not_found": "この会話は見つかりませんでした。",
        "invalid": "無効なChatKitリクエストです。",
        "too_large": "リクエストが大きすぎます。",
        "unavailable": "サービスは一時的に利用できません。しばらくしてからもう一度お試しください。",
        "progress": "Europe/Parisの時刻を調べています…",
        "bad_zone": (
            "「Mars/Olympus」というタイムゾーンは認識できません。"
            "Europe/Parisのような名前をお試しください。"
        ),
        "echo": "こちらはオフラインモデルです。「{text}」と入力されました。",
        "too_many_files": "1つのメッセージに添付できるファイルは3個までです。",
        "greeting": "こんにちは！今日はどのようなことでお手伝いできますか？",
        "rate_limited": "リクエストが多すぎます。しばらくしてからもう一度お試しください。",
        "invalid_event": "このテレメトリイベントは無効です。",
        "unknown_host": "このアドレスはここでは提供されていません。",
        "unknown_path": "このアドレスには何もありません。",
        "method_not_allowed": "この操作は利用できません。",
    },
{%- endif %}
{%- if 'ko' in locales %}
    "ko": {
        "sign_in": "계속하려면 로그인하세요.",
        "not_found": "이 대화를 찾을 수 없습니다.",
        "invalid": "유효한 ChatKit 요청이 아닙니다.",
        "too_large": "요청이 너무 큽니다.",
        "unavailable": "서비스를 일시적으로 사용할 수 없습니다. 잠시 후 다시 시도해 주세요.",
        "progress": "Europe/Paris의 현재 시간을 확인하는 중…",
        "bad_zone": (
            "“Mars/Olympus” 시간대를 찾을 수 없습니다. "
            "Europe/Paris 같은 이름으로 다시 시도해 보세요."
        ),
        "echo": "오프라인 모델입니다. 입력하신 내용: “{text}”",
        "too_many_files": "메시지 하나에 파일을 최대 3개까지 첨부할 수 있습니다.",
        "greeting": "안녕하세요! 오늘은 무엇을 도와드릴까요?",
        "rate_limited": "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.",
        "invalid_event": "이 원격 분석 이벤트는 유효하지 않습니다.",
        "unknown_host": "이 주소는 여기에서 제공되지 않습니다.",
        "unknown_path": "이 주소에는 아무것도 없습니다.",
        "method_not_allowed": "이 작업은 사용할 수 없습니다.",
    },
{%- endif %}
{%- if 'zh-CN' in locales %}
    "zh-CN": {
        "sign_in": "请登录后继续。",
        "not_found": "未找到此对话。",
        "invalid": "这不是有效的 ChatKit 请求。",
        "too_large": "请求过大。",
        "unavailable": "服务暂时不可用，请稍后重试。",
        "progress": "正在查询 Europe/Paris 的当前时间…",
        "bad_zone": "我不认识“Mars/Olympus”这个时区。请尝试使用类似 Europe/Paris 的名称。",
        "echo": "这里是离线模型。您输入的是：“{text}”",
        "too_many_files": "每条消息最多可附带 3 个文件。",
        "greeting": "您好！今天有什么可以帮您？",
        "rate_limited": "请求过多，请稍后重试。",
        "invalid_event": "此遥测事件无效。",
        "unknown_host": "此地址不在此处提供服务。",
        "unknown_path": "此地址下没有任何内容。",
        "method_not_allowed": "此操作不可用。",
    },
{%- endif %}
{%- if 'ar' in locales %}
    "ar": {
        "sign_in": "سجّل الدخول للمتابعة.",
        "not_found": "لم يتم العثور على هذه المحادثة.",
        "invalid": "هذا ليس طلب ChatKit صالحًا.",
        "too_large": "الطلب كبير جدًا.",
        "unavailable": "الخدمة غير متاحة مؤقتًا. يُرجى المحاولة مرة أخرى بعد قليل.",
        "progress": "جارٍ البحث عن الوقت في Europe/Paris…",
        "bad_zone": "لا أعرف المنطقة الزمنية «Mars/Olympus». جرّب اسمًا مثل Europe/Paris.",
        "echo": "هنا النموذج غير المتصل بالإنترنت. لقد كتبت: «{text}»",
        "too_many_files": "يمكن أن تحتوي الرسالة الواحدة على 3 ملفات كحد أقصى.",
        "greeting": "مرحبًا! كيف يمكنني مساعدتك اليوم؟",
        "rate_limited": "طلبات كثيرة جدًا. يُرجى المحاولة مرة أخرى بعد قليل.",
        "invalid_event": "حدث القياس عن بُعد هذا غير صالح.",
        "unknown_host": "هذا العنوان لا تتم خدمته هنا.",
        "unknown_path": "لا يوجد شيء على هذا العنوان.",
        "method_not_allowed": "هذه العملية غير متاحة.",
    },
{%- endif %}
}
{%- if untranslated %}

# Locales whose catalogs are not translated yet: their users read their language's text when
# the project has it (fr-CA → fr), else the default locale's. Once a catalog is translated,
# write its texts out above and remove it from here.
UNTRANSLATED_LOCALES: tuple[str, ...] = ({{ untranslated | map('tojson') | join(', ') }}{% if untranslated | length == 1 %},{% endif %})
{%- for locale in untranslated %}
{%- set language = locale.split('-')[0] %}
EXPECTED["{{ locale }}"] = EXPECTED["{{ language if language in locales and language not in untranslated else locales[0] }}"]
{%- endfor %}
{%- else %}

UNTRANSLATED_LOCALES: tuple[str, ...] = ()
{%- endif %}
TRANSLATED_LOCALES = tuple(locale for locale in EXPECTED if locale not in UNTRANSLATED_LOCALES)
