// What the About box says: MaskScope's version and the versions of the libraries it was built with.
// The composition root (app/) fills it from compile definitions, so ui/ never includes LibTorch.
#pragma once

#include <QtCore/QString>

class QWidget;

namespace maskscope::ui {

struct AboutInfo {
    QString version;               // MaskScope
    QString libtorchVersion;       // empty: the LibTorch engine is not part of this build
    QString sentencepieceVersion;
};

// The About text (rich text): versions of MaskScope, Qt (built with and running), LibTorch and
// sentencepiece.
QString aboutText(const AboutInfo& info);
// Shows the About box (window-modal, does not block the caller).
void showAboutBox(QWidget* parent, const AboutInfo& info);

}  // namespace maskscope::ui
