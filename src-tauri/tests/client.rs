//! The window's side of IPC is generated from the one command list (`src/commands/list.rs`): each
//! command's Rust signature is read from its file, and this writes
//! - `ui/src/bindings/commands.ts`: the typed client, every command with its arguments (named as
//!   Tauri names them, camelCase) and its reply, over the ts-rs types beside it;
//! - `ui/src/bindings/limits.ts`: the engine's limits the window repeats (upload sizes, text lengths);
//! - `capabilities/default.json`: what the window may call.
//!
//! So renaming an argument or changing a reply in Rust changes the client, and `tsc` fails wherever
//! the window has not followed. The test script fails when a generated file differs from the
//! committed one.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use syn::{FnArg, GenericArgument, Item, PathArguments, ReturnType, Type};

/// What the shell hands a command itself; the window never sends these.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];
/// Core permissions the window needs besides its commands: its events and its title.
const CORE_PERMISSIONS: &[&str] =
    &["core:event:allow-listen", "core:event:allow-unlisten", "core:window:allow-set-title"];

struct Command {
    name: String,
    args: Args,
    reply: String,
}

enum Args {
    /// Named JSON arguments, `(name, TypeScript type)` in the Rust order.
    Named(Vec<(String, String)>),
    /// The raw bytes of a file, its name and choices in headers (`tauri::ipc::Request`).
    Body,
}

#[test]
fn the_window_client_limits_and_capability_file_are_generated_from_the_command_list() {
    let shell = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bindings = shell.join("../ui/src/bindings");
    let mut imports = BTreeSet::new();
    let commands: Vec<Command> = listed(shell)
        .iter()
        .map(|(area, name)| command(&shell.join(format!("src/commands/{area}.rs")), name, &mut imports))
        .collect();
    for name in &imports {
        assert!(
            bindings.join(format!("{name}.ts")).exists(),
            "`{name}` crosses IPC but ts-rs exports no ui/src/bindings/{name}.ts: derive ts_rs::TS with #[ts(export)]"
        );
    }
    let names: Vec<&str> = commands.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, tuanzhang_desktop::COMMAND_NAMES, "the list the shell registers is the one read here");

    write_if_changed(&bindings.join("commands.ts"), &client(&commands, &imports));
    write_if_changed(&bindings.join("limits.ts"), &limits());
    write_if_changed(&shell.join("capabilities/default.json"), &capability(&names));
}

#[test]
fn a_signature_becomes_named_arguments_and_a_reply() {
    let file: syn::File = syn::parse_str(
        r#"
        #[tauri::command]
        pub async fn move_partner<R: Runtime>(
            app: AppHandle<R>, state: State<'_, AppState>, id: PartnerId, new_parent: Option<PartnerId>, with_subtree: bool,
        ) -> Reply<Vec<Page<PartnerSummary>>> { Ok(Vec::new()) }
        #[tauri::command]
        pub async fn pack_preview(state: State<'_, AppState>, request: Request<'_>) -> Reply<()> { Ok(()) }
        "#,
    )
    .expect("parses");
    let mut imports = BTreeSet::new();
    let moved = signature(&file, "move_partner", &mut imports).expect("found");
    let Args::Named(args) = &moved.args else { panic!("named arguments") };
    assert_eq!(
        args,
        &[
            ("id".to_owned(), "PartnerId".to_owned()),
            ("newParent".to_owned(), "PartnerId | null".to_owned()),
            ("withSubtree".to_owned(), "boolean".to_owned())
        ]
    );
    assert_eq!(moved.reply, "Array<Page<PartnerSummary>>");
    assert_eq!(imports, BTreeSet::from(["Page".to_owned(), "PartnerId".to_owned(), "PartnerSummary".to_owned()]));
    let preview = signature(&file, "pack_preview", &mut imports).expect("found");
    assert!(matches!(preview.args, Args::Body));
    assert_eq!(preview.reply, "null");
}

/// `area::command` pairs of `app_commands!`, in order.
fn listed(shell: &Path) -> Vec<(String, String)> {
    let text = fs::read_to_string(shell.join("src/commands/list.rs")).expect("the command list");
    text.lines()
        .filter_map(|line| line.trim().strip_suffix(','))
        .filter_map(|entry| entry.split_once("::"))
        .filter(|(area, name)| is_word(area) && is_word(name))
        .map(|(area, name)| (area.to_owned(), name.to_owned()))
        .collect()
}

fn is_word(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

fn command(file: &PathBuf, name: &str, imports: &mut BTreeSet<String>) -> Command {
    let text = fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let parsed: syn::File = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    signature(&parsed, name, imports).unwrap_or_else(|| panic!("no #[tauri::command] fn {name} in {}", file.display()))
}

fn signature(file: &syn::File, name: &str, imports: &mut BTreeSet<String>) -> Option<Command> {
    let function = file.items.iter().find_map(|item| match item {
        Item::Fn(f)
            if f.sig.ident == name
                && f.attrs.iter().any(|a| a.path().segments.iter().any(|s| s.ident == "command")) =>
        {
            Some(f)
        }
        _ => None,
    })?;
    // Arguments are sent camelCase, Tauri's default; a command that renames them would be
    // misnamed here.
    let renames = function.attrs.iter().any(|a| quote::ToTokens::to_token_stream(a).to_string().contains("rename_all"));
    assert!(!renames, "{name}: #[tauri::command(rename_all)] is not supported by the client generator");
    let mut named = Vec::new();
    let mut body = false;
    for input in &function.sig.inputs {
        let FnArg::Typed(arg) = input else { continue };
        let last = last_ident(&arg.ty);
        if INJECTED.contains(&last.as_str()) {
            continue;
        }
        if last == "Request" {
            body = true;
            continue;
        }
        let syn::Pat::Ident(ident) = arg.pat.as_ref() else { panic!("{name}: an argument that is not a name") };
        named.push((camel(&ident.ident.to_string()), ts(&arg.ty, imports)));
    }
    assert!(!body || named.is_empty(), "{name}: a file upload takes its choices in headers, not arguments");
    let reply = match &function.sig.output {
        ReturnType::Default => "null".to_owned(),
        ReturnType::Type(_, ty) => reply(ty, imports),
    };
    Some(Command { name: name.to_owned(), args: if body { Args::Body } else { Args::Named(named) }, reply })
}

/// The value of `Reply<T>` / `Result<T, _>`; `tauri::ipc::Response` is bytes.
fn reply(ty: &Type, imports: &mut BTreeSet<String>) -> String {
    match last_ident(ty).as_str() {
        "Reply" | "Result" => reply(&generics(ty)[0], imports),
        "Response" => "ArrayBuffer".to_owned(),
        _ => ts(ty, imports),
    }
}

/// A Rust type as ts-rs writes it (with `TS_RS_LARGE_INT=number`).
fn ts(ty: &Type, imports: &mut BTreeSet<String>) -> String {
    match ty {
        Type::Reference(reference) => ts(&reference.elem, imports),
        Type::Tuple(tuple) if tuple.elems.is_empty() => "null".to_owned(),
        Type::Tuple(tuple) => {
            let items: Vec<String> = tuple.elems.iter().map(|item| ts(item, imports)).collect();
            format!("[{}]", items.join(", "))
        }
        Type::Path(_) => {
            let args = generics(ty);
            match last_ident(ty).as_str() {
                "String" | "str" => "string".to_owned(),
                "bool" => "boolean".to_owned(),
                "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" | "f32" | "f64" => {
                    "number".to_owned()
                }
                "Option" => format!("{} | null", ts(&args[0], imports)),
                "Vec" => format!("Array<{}>", ts(&args[0], imports)),
                "HashMap" | "BTreeMap" => {
                    format!("{{ [key in {}]?: {} }}", ts(&args[0], imports), ts(&args[1], imports))
                }
                named => {
                    imports.insert(named.to_owned());
                    if args.is_empty() {
                        named.to_owned()
                    } else {
                        let inner: Vec<String> = args.iter().map(|a| ts(a, imports)).collect();
                        format!("{named}<{}>", inner.join(", "))
                    }
                }
            }
        }
        other => panic!("a type the client generator does not know: {}", quote_type(other)),
    }
}

fn quote_type(ty: &Type) -> String {
    format!("{}", quote::ToTokens::to_token_stream(ty))
}

fn last_ident(ty: &Type) -> String {
    match ty {
        Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        Type::Reference(reference) => last_ident(&reference.elem),
        _ => String::new(),
    }
}

fn generics(ty: &Type) -> Vec<Type> {
    let Type::Path(path) = ty else { return Vec::new() };
    let Some(PathArguments::AngleBracketed(args)) = path.path.segments.last().map(|s| &s.arguments) else {
        return Vec::new();
    };
    args.args
        .iter()
        .filter_map(|arg| match arg {
            GenericArgument::Type(ty) => Some(ty.clone()),
            _ => None,
        })
        .collect()
}

/// Tauri's default: a command's snake_case argument is sent as camelCase.
fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn client(commands: &[Command], imports: &BTreeSet<String>) -> String {
    let mut out = String::from(
        "// Generated by src-tauri/tests/client.rs from src-tauri/src/commands/list.rs and the commands' Rust\n\
         // signatures. Do not edit: change the command in Rust and run the desktop crate's tests.\n\n\
         import { invoke } from \"@tauri-apps/api/core\";\n",
    );
    for name in imports {
        let _ = writeln!(out, "import type {{ {name} }} from \"./{name}\";");
    }
    out.push_str("\n/** Every command: what the window sends and what it gets back. */\nexport type Commands = {\n");
    for command in commands {
        let args = match &command.args {
            Args::Named(args) => object(args),
            Args::Body => "Uint8Array".to_owned(),
        };
        let _ = writeln!(out, "  {}: {{ args: {args}; reply: {} }};", command.name, command.reply);
    }
    out.push_str("};\n\nexport type CommandName = keyof Commands;\n\n");
    out.push_str(
        "/** The typed client: one function per command, named as in Rust (camelCase). */\nexport const commands = {\n",
    );
    for command in commands {
        let (name, reply) = (&command.name, &command.reply);
        let function = camel(name);
        let _ = match &command.args {
            Args::Named(args) if args.is_empty() => {
                writeln!(out, "  {function}: (): Promise<{reply}> => invoke<{reply}>(\"{name}\"),")
            }
            Args::Named(args) => writeln!(
                out,
                "  {function}: (args: {}): Promise<{reply}> => invoke<{reply}>(\"{name}\", args),",
                object(args)
            ),
            Args::Body => writeln!(
                out,
                "  {function}: (body: Uint8Array, headers: Record<string, string>): Promise<{reply}> =>\n    \
                 invoke<{reply}>(\"{name}\", body, {{ headers }}),"
            ),
        };
    }
    out.push_str("};\n");
    out
}

fn object(args: &[(String, String)]) -> String {
    if args.is_empty() {
        return "Record<string, never>".to_owned();
    }
    let fields: Vec<String> = args.iter().map(|(name, ty)| format!("{name}: {ty}")).collect();
    format!("{{ {} }}", fields.join("; "))
}

/// The engine's limits the window checks before it sends (so a refusal needs no round trip).
fn limits() -> String {
    use tuanzhang::{care, courses, files, groups, materials, media, model, posting};
    let limits: &[(&str, &str, u64)] = &[
        ("UPLOAD_BYTES", "an import file (files::tabular::MAX_FILE_BYTES)", files::tabular::MAX_FILE_BYTES as u64),
        (
            "PACK_BYTES",
            "a .tzpack sent from the window (the shell's WINDOW_PACK_BYTES)",
            tuanzhang_desktop::WINDOW_PACK_BYTES,
        ),
        ("IMAGE_BYTES", "a picture (media::MAX_IMAGE_BYTES)", media::MAX_IMAGE_BYTES as u64),
        ("NAME_CHARS", "a person's or a group's name", model::fields::MAX_NAME_CHARS as u64),
        ("TAG_CHARS", "a tag", model::fields::MAX_TAG_CHARS as u64),
        ("MATERIAL_TITLE_CHARS", "a material's title", materials::draft::MAX_TITLE_CHARS as u64),
        ("FOLDER_NAME_CHARS", "a library folder's name", materials::folders::MAX_NAME_CHARS as u64),
        ("SEARCH_QUERY_CHARS", "a library search", materials::search::MAX_QUERY_CHARS as u64),
        ("POSITION_NAME_CHARS", "a promotion position's name", groups::positions::MAX_NAME_CHARS as u64),
        ("PLAN_TITLE_CHARS", "a posting plan's title", posting::plans::MAX_TITLE_CHARS as u64),
        ("COURSE_TITLE_CHARS", "a course's title", courses::MAX_TITLE_CHARS as u64),
        ("CARE_RULE_TITLE_CHARS", "a care rule's title", care::rules::MAX_TITLE_CHARS as u64),
        ("CARE_NOTE_CHARS", "a care note", care::log::MAX_NOTE_CHARS as u64),
    ];
    let mut out =
        String::from("// Generated by src-tauri/tests/client.rs from the engine's constants. Do not edit.\n\n");
    for (name, what, value) in limits {
        let _ = writeln!(out, "/** The most for {what}. */\nexport const {name} = {value};");
    }
    out
}

fn capability(names: &[&str]) -> String {
    let mut permissions: Vec<String> = CORE_PERMISSIONS.iter().map(|p| (*p).to_owned()).collect();
    permissions.extend(names.iter().map(|name| format!("allow-{}", name.replace('_', "-"))));
    let capability = serde_json::json!({
        "$schema": "../gen/schemas/desktop-schema.json",
        "identifier": "default",
        "description": "The main window may call the app's own commands (src/commands/list.rs), listen to its events and name itself after the page; nothing else. Generated by tests/client.rs: do not edit.",
        "windows": ["main"],
        "permissions": permissions,
    });
    let mut text = serde_json::to_string_pretty(&capability).expect("JSON");
    text.push('\n');
    text
}

fn write_if_changed(path: &Path, text: &str) {
    if fs::read_to_string(path).ok().as_deref() != Some(text) {
        fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
