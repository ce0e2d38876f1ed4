; The Windows installer, compiled by Debian's makensis (scripts/package-windows.sh passes the
; names below from tauri.conf.json, and the folder of the built files). Per user: no
; administrator password, everything under %LOCALAPPDATA% and HKCU. Its language follows
; Windows' (English or Simplified Chinese). The uninstaller removes what this script installed
; and nothing else: a seller's cases are never touched.
;   PRODUCT VERSION PUBLISHER IDENTIFIER ASSOC_EXT BUILD_DIR ICON OUTFILE
Unicode true
; 64-bit stubs: the app is 64-bit, and Wine in the tests runs only 64-bit programs.
Target amd64-unicode
SetCompressor /SOLID lzma
; Both programs embed the report's font (5 MB): a dictionary that spans both finds the second
; copy, so it costs almost nothing.
SetCompressorDictSize 64
RequestExecutionLevel user

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "WordFunc.nsh"
!include "WinMessages.nsh"

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${IDENTIFIER}"
!define CASE_CLASS "${IDENTIFIER}.case"
; The WebView2 runtime's client id (the same in every Windows).
!define WEBVIEW2 "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
; An upgrade goes where the last version went.
InstallDirRegKey HKCU "Software\${PRODUCT}" "InstallDir"
BrandingText "${PRODUCT} ${VERSION}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_FINISHPAGE_RUN "$INSTDIR\closeout.exe"
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"

LangString CaseType ${LANG_ENGLISH} "Closeout case"
LangString CaseType ${LANG_SIMPCHINESE} "Closeout 档案"
LangString NoWebView2 ${LANG_ENGLISH} "Closeout needs the Microsoft Edge WebView2 Runtime to show its window, and this computer does not have it. Install it (free, from Microsoft): https://go.microsoft.com/fwlink/p/?LinkId=2124703 and then start Closeout. The command line (closeout in cmd or PowerShell) works without it."
LangString NoWebView2 ${LANG_SIMPCHINESE} "Closeout 需要 Microsoft Edge WebView2 运行时才能显示窗口，但这台电脑上没有安装。请从微软免费下载安装：https://go.microsoft.com/fwlink/p/?LinkId=2124703 ，然后再启动 Closeout。命令行（在 cmd 或 PowerShell 中输入 closeout）不需要它也能使用。"

Function .onInit
  ; Windows' language decides; the user is not asked.
  ${If} $LANGUAGE == ${LANG_SIMPCHINESE}
  ${OrIf} $LANGUAGE == ${LANG_ENGLISH}
  ${Else}
    StrCpy $LANGUAGE ${LANG_ENGLISH}
  ${EndIf}
FunctionEnd

; True in $0 when the WebView2 runtime is installed, for the machine or this user.
Function HasWebView2
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2}" "pv"
  ${If} $0 == ""
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    StrCpy $0 "0"
  ${Else}
    StrCpy $0 "1"
  ${EndIf}
FunctionEnd

Section "Closeout"
  SetOutPath "$INSTDIR"
  File "${BUILD_DIR}\closeout.exe"
  File "${BUILD_DIR}\closeout.com"
  File "${BUILD_DIR}\WebView2Loader.dll"
  File "/oname=closeout.ico" "${ICON}"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\${PRODUCT}" "InstallDir" "$INSTDIR"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\closeout.exe" "" "$INSTDIR\closeout.ico" 0

  ; Double-clicking a case opens it (a running Closeout receives it: single instance).
  WriteRegStr HKCU "Software\Classes\.${ASSOC_EXT}" "" "${CASE_CLASS}"
  WriteRegStr HKCU "Software\Classes\${CASE_CLASS}" "" "$(CaseType)"
  WriteRegStr HKCU "Software\Classes\${CASE_CLASS}\DefaultIcon" "" "$INSTDIR\closeout.ico"
  WriteRegStr HKCU "Software\Classes\${CASE_CLASS}\shell\open\command" "" '"$INSTDIR\closeout.exe" "%1"'
  ; SHCNE_ASSOCCHANGED: Explorer shows the new icon and name at once.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  ; Settings → Apps.
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\closeout.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1

  ; `closeout` in a new terminal: the folder on this user's PATH, once.
  ReadRegStr $0 HKCU "Environment" "Path"
  ${WordReplace} "$0" "$INSTDIR" "" "+" $1
  ${If} $1 == $0
    ${If} $0 == ""
      WriteRegExpandStr HKCU "Environment" "Path" "$INSTDIR"
    ${Else}
      WriteRegExpandStr HKCU "Environment" "Path" "$0;$INSTDIR"
    ${EndIf}
    SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
  ${EndIf}

  Call HasWebView2
  ${If} $0 == "0"
    MessageBox MB_OK|MB_ICONINFORMATION "$(NoWebView2)" /SD IDOK
  ${EndIf}
SectionEnd

Section "Uninstall"
  Delete "$INSTDIR\closeout.exe"
  Delete "$INSTDIR\closeout.com"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\closeout.ico"
  Delete "$INSTDIR\uninstall.exe"
  ; Only if empty: whatever else is there (a case saved here) stays.
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"

  ReadRegStr $0 HKCU "Software\Classes\.${ASSOC_EXT}" ""
  ${If} $0 == "${CASE_CLASS}"
    DeleteRegKey HKCU "Software\Classes\.${ASSOC_EXT}"
  ${EndIf}
  DeleteRegKey HKCU "Software\Classes\${CASE_CLASS}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  ReadRegStr $0 HKCU "Environment" "Path"
  ${WordReplace} "$0" ";$INSTDIR" "" "+" $1
  ${WordReplace} "$1" "$INSTDIR" "" "+" $1
  WriteRegExpandStr HKCU "Environment" "Path" "$1"
  SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000

  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${PRODUCT}"
SectionEnd
