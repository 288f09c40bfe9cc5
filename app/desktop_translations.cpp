#include "desktop_translations.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QLibraryInfo>
#include <QtCore/QTranslator>

namespace maskscope::app {

QLocale installTranslations(QCoreApplication& app) {
    const QString requested = qEnvironmentVariable("MASKSCOPE_LANG");
    const QLocale locale = requested.isEmpty() ? QLocale::system() : QLocale(requested);
    QLocale::setDefault(locale);
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    // MaskScope's catalogue for the locale; English (its plural forms) when there is none.
    auto* own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("maskscope"), QStringLiteral("_"), QStringLiteral(":/i18n")) ||
        own->load(QStringLiteral(":/i18n/maskscope_en.qm")))
        QCoreApplication::installTranslator(own);
    return locale;
}

}  // namespace maskscope::app
