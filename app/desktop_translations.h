// Installs the translators of the desktop app: MaskScope's own (translations/maskscope_<lang>.ts,
// compiled into the executable under :/i18n) and Qt's (standard dialogs), for the language in the
// environment variable MASKSCOPE_LANG (e.g. "de"; "en" for English) or else the system locale.
// Locales without a MaskScope translation get the English catalogue, which supplies the plural forms
// of the source strings ("%n token(s)").
#pragma once

#include <QtCore/QLocale>

class QCoreApplication;

namespace maskscope::app {

// Returns the locale chosen.
QLocale installTranslations(QCoreApplication& app);

}  // namespace maskscope::app
