#include "ui/about_info.h"

#include <QtCore/QCoreApplication>
#include <QtWidgets/QMessageBox>

namespace maskscope::ui {

QString aboutText(const AboutInfo& info) {
    const QString libtorch = info.libtorchVersion.isEmpty() ? QCoreApplication::translate("AboutBox", "not part of this build (MASKSCOPE_TORCH=OFF)")
                                                            : info.libtorchVersion;
    QString text = QStringLiteral("<h3>MaskScope %1</h3>").arg(info.version.toHtmlEscaped());
    text += QStringLiteral("<p>%1</p>")
                .arg(QCoreApplication::translate("AboutBox", "Visual analysis of information-density-driven masking for masked diffusion language "
                        "models.")
                         .toHtmlEscaped());
    text += QStringLiteral("<table>");
    auto row = [&text](const QString& name, const QString& value) {
        text += QStringLiteral("<tr><td><b>%1</b>&nbsp;&nbsp;</td><td>%2</td></tr>")
                    .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    };
    row(QCoreApplication::translate("AboutBox", "Qt"), QCoreApplication::translate("AboutBox", "%1 (built with %2)").arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR)));
    row(QCoreApplication::translate("AboutBox", "LibTorch"), libtorch);
    row(QCoreApplication::translate("AboutBox", "sentencepiece"), info.sentencepieceVersion);
    text += QStringLiteral("</table>");
    return text;
}

void showAboutBox(QWidget* parent, const AboutInfo& info) {
    auto* box = new QMessageBox(QMessageBox::NoIcon, QCoreApplication::translate("AboutBox", "About MaskScope"),
                                aboutText(info), QMessageBox::Ok, parent);
    box->setTextFormat(Qt::RichText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->open();
}

}  // namespace maskscope::ui
