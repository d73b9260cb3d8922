; SPDX-License-Identifier: MIT
; Windows installer for 街道工作台 (jiedao-desk): NSIS 3, Unicode, Simplified Chinese UI.
;
;   makensis /DVERSION=0.1.0 /DSRCDIR=..\..\dist\jiedao-desk installers\windows\jiedao-desk.nsi
;
; VERSION  X.Y.Z from pyproject.toml (required)
; SRCDIR   the PyInstaller folder (dist\jiedao-desk, built on Windows) (required)
; OUTFILE  installer path (default jiedao-desk-VERSION-setup.exe beside this script)
; NOCOMPRESS  store files uncompressed (CI syntax check: seconds instead of ~90 s of LZMA)
;
; Per user, without administrator rights: the program goes to %LOCALAPPDATA%\Programs\jiedao-desk,
; shortcuts and the Add/Remove Programs entry to the current account (HKCU), so an office PC
; whose staff are not administrators can install and upgrade, and the app started from the
; finish page runs with the user's own rights, never elevated. An upgrade waits until the app
; is closed. The user's data (%LOCALAPPDATA%\jiedao-desk: database, backups, attachments) is never
; touched by an upgrade and survives uninstalling unless the 同时删除数据 component is ticked.

Unicode true
ManifestDPIAware true

!ifndef VERSION
  !error "VERSION missing: makensis /DVERSION=X.Y.Z ..."
!endif
!ifndef SRCDIR
  !error "SRCDIR missing: makensis /DSRCDIR=path\to\dist\jiedao-desk ..."
!endif
!ifndef OUTFILE
  !define OUTFILE "jiedao-desk-${VERSION}-setup.exe"
!endif

!define APP_ID "jiedao-desk"
!define APP_NAME "街道工作台"
!define PUBLISHER "jiedao-desk"
!define GUI_EXE "jiedao-desk.exe"
!define CLI_EXE "jiedao-desk-cli.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
; makensis runs in this script's folder (relative paths start here); "/" works on both hosts.
!define ICON_FILE "../../resources/icons/jiedao-desk.ico"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

Name "${APP_NAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
RequestExecutionLevel user  ; per-user folder and HKCU: no UAC prompt, nothing runs elevated
!ifdef NOCOMPRESS
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

; File properties of setup.exe; VIProductVersion needs four numbers.
!searchparse /noerrors "${VERSION}" "" V_MAJOR "." V_MINOR "." V_PATCH
VIProductVersion "${V_MAJOR}.${V_MINOR}.${V_PATCH}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "MIT License"

!define MUI_ICON "${ICON_FILE}"
!define MUI_UNICON "${ICON_FILE}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "启动${APP_NAME}"
!define MUI_UNCOMPONENTSPAGE_TEXT_TOP \
  "默认只删除程序，保留您的数据（数据库、备份、附件）。重新安装后数据仍在。"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; A running exe cannot be opened for writing (Windows keeps its image mapped): ask the user to
; close the app instead of replacing files under it (which would fail half-way or mix versions).
!macro WAIT_APP_CLOSED UN
Function ${UN}WaitAppClosed
  retry:
  ClearErrors
  ${If} ${FileExists} "$INSTDIR\${GUI_EXE}"
    FileOpen $0 "$INSTDIR\${GUI_EXE}" a
    IfErrors running
    FileClose $0
  ${EndIf}
  ${If} ${FileExists} "$INSTDIR\${CLI_EXE}"
    FileOpen $0 "$INSTDIR\${CLI_EXE}" a
    IfErrors running
    FileClose $0
  ${EndIf}
  Return
  running:
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION \
      "${APP_NAME}正在运行。请先保存工作并关闭${APP_NAME}（包括命令行窗口），然后点“重试”。" \
      /SD IDCANCEL IDRETRY retry
    Abort
FunctionEnd
!macroend
!insertmacro WAIT_APP_CLOSED ""
!insertmacro WAIT_APP_CLOSED "un."

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME}需要 64 位 Windows（Windows 10 或更新版本）。"
    Abort
  ${EndIf}
  SetRegView 64
  ; An earlier version installed for all users (Program Files, by an administrator) stays
  ; where it is; say so, so that two copies do not confuse anyone.
  ReadRegStr $0 HKLM "${UNINST_KEY}" "InstallLocation"
  ${If} $0 != ""
    MessageBox MB_OK|MB_ICONINFORMATION \
      "本机已有管理员为所有用户安装的${APP_NAME}（$0）。本安装程序只为当前用户安装；$\r$\n\
数据不受影响。如不再需要旧版本，请管理员在“设置 → 应用”中卸载。" /SD IDOK
  ${EndIf}
FunctionEnd

Section "-程序文件" SecMain
  SetShellVarContext current  ; this account's Start menu and desktop
  Call WaitAppClosed
  SetOutPath "$INSTDIR"
  ; An upgrade must not keep libraries of the old version next to the new ones.
  RMDir /r "$INSTDIR\_internal"
  File /r "${SRCDIR}/*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\${GUI_EXE}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\卸载${APP_NAME}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${GUI_EXE}"

  ; Add/Remove Programs (设置 → 应用).
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE}"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

Section "un.程序文件" SecUnMain
  SectionIn RO  ; shown ticked and greyed, so the one real choice below stands out
  Call un.WaitAppClosed
  SetShellVarContext current
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APP_NAME}"
  ; Only what the installer put there: a portable data\ folder someone made inside the
  ; install folder is kept like any other data.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\THIRD-PARTY-NOTICES.md"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"  ; only if empty
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd

; Unticked by default (/o): deleting the data is the user's explicit choice, confirmed twice.
Section /o "un.同时删除数据（不可恢复）" SecUnData
  ; Data belongs to the account running the uninstaller, not to "all users".
  SetShellVarContext current
  MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 \
    "将永久删除以下文件夹中的数据库、备份和附件，无法恢复：$\r$\n$\r$\n\
$LOCALAPPDATA\${APP_ID}$\r$\n$\r$\n确定删除吗？（建议先在“数据备份”页备份到其他位置）" \
    /SD IDNO IDYES delete_data
  DetailPrint "已保留数据：$LOCALAPPDATA\${APP_ID}"
  Goto done
  delete_data:
    RMDir /r "$LOCALAPPDATA\${APP_ID}"
    RMDir /r "$INSTDIR\data"
    RMDir "$INSTDIR"
    DetailPrint "已删除数据：$LOCALAPPDATA\${APP_ID}"
  done:
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecUnMain} "卸载程序、开始菜单和桌面快捷方式。"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecUnData} \
    "警告：勾选后将永久删除本机上的全部业务数据（数据库、备份、附件、设置），无法恢复。$\r$\n\
不勾选则只卸载程序，数据保留在 %LOCALAPPDATA%\${APP_ID}。"
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
